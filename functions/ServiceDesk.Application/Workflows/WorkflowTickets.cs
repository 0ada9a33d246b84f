using ServiceDesk.Application.Common;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Workflows;

/// <summary>
/// Ticket changes made by workflows (not by a caller), through the one <see cref="TicketUpdater"/> path. A change the
/// ticket's rules refuse (it was cancelled meanwhile) is returned, not thrown.
/// </summary>
public sealed class WorkflowTickets(ITicketStore store, TicketUpdater updater)
{
    public static readonly Actor WorkflowActor = new("workflow", "ServiceDesk workflow");

    public async Task<TicketState?> FindAsync(string number, CancellationToken ct) => (await store.FindAsync(number, ct))?.State;

    /// <returns>The ticket after the change, or null when the ticket does not exist.</returns>
    public async Task<(TicketState? Ticket, DomainRuleException? Refused)> ChangeAsync(
        string number, Action<Ticket, DateTimeOffset> apply, CancellationToken ct)
    {
        DomainRuleException? refused = null;
        var saved = await updater.ChangeAsync(number, (_, ticket, now) =>
        {
            try
            {
                refused = null;
                apply(ticket, now);
                return ValueTask.FromResult(true);
            }
            catch (DomainRuleException e)
            {
                refused = e;
                return ValueTask.FromResult(false);
            }
        }, ct);
        return (saved?.State, refused);
    }

    /// <summary>A refused, forged, replayed or late decision (or callback): an internal note, so end users never see it.</summary>
    public Task RecordSecurityEventAsync(string number, string kind, string text, IReadOnlyDictionary<string, string> data, CancellationToken ct) =>
        ChangeAsync(number, (t, now) => t.RecordWorkflowStep(text,
            new Dictionary<string, string>(data) { ["securityEvent"] = kind }, isInternal: true, WorkflowActor, now), ct);

    public Task LogAsync(string number, string text, IReadOnlyDictionary<string, string> data, CancellationToken ct, bool isInternal = false) =>
        ChangeAsync(number, (t, now) => t.RecordWorkflowStep(text, data, isInternal, WorkflowActor, now), ct);
}
