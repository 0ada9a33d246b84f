using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Security;

/// <summary>
/// Who may see and do what with a ticket. Anything a caller may not see is reported as missing,
/// so a ticket of another customer is indistinguishable from one that does not exist.
/// </summary>
public static class TicketAccess
{
    public static bool CanSee(Caller caller, TicketState ticket, Customer? customer)
    {
        if (caller.Serves(ticket.CustomerId))
        {
            return true;
        }
        if (!string.Equals(caller.CustomerId, ticket.CustomerId, StringComparison.Ordinal))
        {
            return false;
        }
        return IsParticipant(caller, ticket) || customer?.EndUsersSeeOrganisationTickets == true;
    }

    /// <summary>Requester or watcher of the ticket.</summary>
    public static bool IsParticipant(Caller caller, TicketState ticket) =>
        string.Equals(ticket.Requester.Id, caller.UserId, StringComparison.Ordinal) ||
        (caller.Email is not null && ticket.Watchers.Contains(caller.Email, StringComparer.OrdinalIgnoreCase)) ||
        ticket.Watchers.Contains(caller.UserId, StringComparer.Ordinal);

    /// <summary>Internal notes are for the supplier's staff and integrations only.</summary>
    public static bool CanSeeInternal(Caller caller, TicketState ticket) => caller.Serves(ticket.CustomerId);

    /// <summary>
    /// End users may comment, cancel, close (accept the resolution) and reopen their own tickets,
    /// and edit title and description while the ticket is new; everything else is staff work.
    /// </summary>
    public static bool CanPerform(Caller caller, TicketState ticket, TicketAction action)
    {
        if (caller.Serves(ticket.CustomerId))
        {
            return action != TicketAction.InternalNote || caller.IsStaff || caller.Has(Role.Integration);
        }
        if (!IsParticipant(caller, ticket) && !string.Equals(caller.CustomerId, ticket.CustomerId, StringComparison.Ordinal))
        {
            return false;
        }
        var isRequester = string.Equals(ticket.Requester.Id, caller.UserId, StringComparison.Ordinal);
        return action switch
        {
            TicketAction.Comment => IsParticipant(caller, ticket),
            TicketAction.Cancel or TicketAction.Close or TicketAction.Reopen => isRequester,
            TicketAction.EditDescription => isRequester && ticket.Status == TicketStatus.New,
            TicketAction.Watch => isRequester,
            _ => false,
        };
    }
}

public enum TicketAction
{
    Comment,
    InternalNote,
    EditDescription,
    EditClassification,
    Assign,
    Start,
    Pend,
    Resolve,
    Close,
    Reopen,
    Cancel,
    Link,
    Watch,
}
