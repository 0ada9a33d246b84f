using ServiceDesk.Application.Common;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Workflows;

/// <summary>
/// Ticket changes made by workflows (not by a caller): load, apply, save, and try again when someone else saved
/// the ticket in between. A change the ticket's rules refuse (it was cancelled meanwhile) is returned, not thrown.
/// </summary>
public sealed class WorkflowTickets(ITicketStore store, TimeProvider time)
{
    public static readonly Actor WorkflowActor = new("workflow", "ServiceDesk workflow");

    public async Task<TicketState?> FindAsync(string number, CancellationToken ct) => (await store.FindAsync(number, ct))?.State;

    /// <returns>The ticket after the change, or null when the ticket does not exist.</returns>
    public async Task<(TicketState? Ticket, DomainRuleException? Refused)> ChangeAsync(
        string number, Action<Ticket, DateTimeOffset> apply, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.FindAsync(number, ct);
            if (stored is null)
            {
                return (null, null);
            }
            var ticket = Ticket.Restore(stored.State);
            try
            {
                apply(ticket, time.GetUtcNow());
            }
            catch (DomainRuleException e)
            {
                return (stored.State, e);
            }
            if (ticket.NewActivities.Count == 0)
            {
                return (stored.State, null);
            }
            try
            {
                return ((await store.SaveAsync(stored, ticket, ct)).State, null);
            }
            catch (PreconditionFailedException) when (attempt < 5)
            {
                // Someone else saved the ticket first: read it again and re-apply.
            }
        }
    }

    /// <summary>A refused, forged, replayed or late decision (or callback): an internal note, so end users never see it.</summary>
    public Task RecordSecurityEventAsync(string number, string kind, string text, IReadOnlyDictionary<string, string> data, CancellationToken ct) =>
        ChangeAsync(number, (t, now) => t.RecordWorkflowStep(text,
            new Dictionary<string, string>(data) { ["securityEvent"] = kind }, isInternal: true, WorkflowActor, now), ct);

    public Task LogAsync(string number, string text, IReadOnlyDictionary<string, string> data, CancellationToken ct, bool isInternal = false) =>
        ChangeAsync(number, (t, now) => t.RecordWorkflowStep(text, data, isInternal, WorkflowActor, now), ct);
}
