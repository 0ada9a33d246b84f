using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>
/// Every change a caller makes to a ticket, one use case per file (CreateTicket, UpdateTicket, CommentOnTicket,
/// TransitionTicket, TicketLinks, TicketWatchers), each with its input parsing beside it; every change goes through
/// the one <see cref="TicketUpdater"/> path with the caller's access and If-Match checked on the loaded ticket.
/// </summary>
public sealed partial class TicketCommands(
    ITicketStore store,
    ITicketNumberAllocator numbers,
    ICustomerDirectory customers,
    TicketUpdater updater,
    TimeProvider time,
    ITicketLifecycle? lifecycle = null)
{
    /// <summary>
    /// Loads, checks, applies and saves one change. Without If-Match the caller did not pin a version, so a save
    /// that loses a race with another writer is re-applied to the fresh ticket (its rules checked again) instead of
    /// answering 412 to someone who never sent a version (e.g. two managers linking the same incident at once).
    /// </summary>
    private async Task<StoredTicket> ChangeAsync(
        Caller caller, string number, string? ifMatch, bool ifMatchRequired, TicketAction action,
        Action<Ticket, Actor, DateTimeOffset> apply, CancellationToken ct) =>
        (await updater.ChangeAsync(number, (stored, ticket, now) =>
        {
            if (!TicketAccess.CanPerform(caller, stored.State, action))
            {
                throw new ForbiddenException($"You may not {Describe(action)} on ticket {number}.");
            }
            TicketETag.Require(ifMatch, stored.State.Version, ifMatchRequired, number);
            try
            {
                apply(ticket, caller.Actor, now);
            }
            catch (DomainRuleException e)
            {
                throw new ConflictException(e.Code, e.Message);
            }
            return ValueTask.FromResult(true);
        }, ct, async c => await TicketLoader.LoadVisibleAsync(store, customers, caller, number, c), retryOnConflict: ifMatch is null))!;

    private static string Describe(TicketAction action) => action switch
    {
        TicketAction.InternalNote => "add internal notes",
        TicketAction.EditDescription => "edit the title or description",
        TicketAction.EditClassification => "change classification or priority",
        _ => action.ToString().ToLowerInvariant(),
    };
}
