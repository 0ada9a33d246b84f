using System.Text;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>Assign, start, pend, resolve, close, reopen, cancel: each parsed into a plan the ticket's rules check.</summary>
public sealed partial class TicketCommands
{
    public Task<StoredTicket> TransitionAsync(Caller caller, string number, string? ifMatch, string action, TransitionInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        (TicketAction Action, Action<Ticket, Actor, DateTimeOffset> Apply)? plan = action.ToLowerInvariant() switch
        {
            "assign" => AssignPlan(caller, input, errors),
            "start" => (TicketAction.Start, (t, a, now) => t.Start(a, now)),
            "pend" => PendPlan(input, errors),
            "resolve" => ResolvePlan(input, errors),
            "close" => (TicketAction.Close, (t, a, now) => t.Close(a, now)),
            "reopen" => ReasonPlan(TicketAction.Reopen, input, errors, (t, reason, a, now) => t.Reopen(reason, a, now)),
            "cancel" => ReasonPlan(TicketAction.Cancel, input, errors, (t, reason, a, now) => t.Cancel(reason, a, now)),
            _ => null,
        };
        if (plan is null)
        {
            throw new NotFoundException($"Unknown transition '{action}'. Use assign, start, pend, resolve, close, reopen or cancel.");
        }
        errors.ThrowIfAny();
        return ChangeAsync(caller, number, ifMatch, ifMatchRequired: true, plan.Value.Action, plan.Value.Apply, ct);
    }

    private static (TicketAction, Action<Ticket, Actor, DateTimeOffset>) AssignPlan(Caller caller, TransitionInput input, FieldErrors errors)
    {
        var group = errors.Text("group", input.Group, Limits.ShortTextLength, required: true);
        var assigneeId = errors.Identifier("assigneeId", input.AssigneeId, required: false);
        var assigneeName = errors.Text("assigneeName", input.AssigneeName, Limits.ShortTextLength, required: false);
        if (assigneeId == caller.UserId)
        {
            assigneeName ??= caller.Name;
        }
        return (TicketAction.Assign, (t, a, now) => t.Assign(group!, assigneeId, assigneeName, a, now));
    }

    private static (TicketAction, Action<Ticket, Actor, DateTimeOffset>) PendPlan(TransitionInput input, FieldErrors errors)
    {
        var reason = errors.Enum<PendingReason>("reason", input.Reason, required: true);
        var note = errors.Text("note", input.Note, Limits.ReasonLength, required: false);
        return (TicketAction.Pend, (t, a, now) => t.Pend(reason!.Value, note, a, now));
    }

    private static (TicketAction, Action<Ticket, Actor, DateTimeOffset>) ResolvePlan(TransitionInput input, FieldErrors errors)
    {
        var code = errors.Enum<ResolutionCode>("resolutionCode", input.ResolutionCode, required: true);
        var notes = errors.Text("resolutionNotes", input.ResolutionNotes, Limits.DescriptionLength, required: true);
        return (TicketAction.Resolve, (t, a, now) => t.Resolve(code!.Value, notes!, a, now));
    }

    private static (TicketAction, Action<Ticket, Actor, DateTimeOffset>) ReasonPlan(
        TicketAction action, TransitionInput input, FieldErrors errors, Action<Ticket, string, Actor, DateTimeOffset> apply)
    {
        var reason = errors.Text("reason", input.Reason, Limits.ReasonLength, required: true);
        return (action, (t, a, now) => apply(t, reason!, a, now));
    }
}
