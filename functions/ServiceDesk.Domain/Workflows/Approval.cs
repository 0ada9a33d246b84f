using ServiceDesk.Domain.Common;

namespace ServiceDesk.Domain.Workflows;

/// <summary>
/// The approval of one service request: its steps in order, which one is open, the log, and how it ended. The
/// orchestration drives it (open a step, remind, escalate, record a decision, complete); every change goes through
/// a method here, which appends to the log and returns the entry so the caller can copy it to the ticket. Time is
/// passed in. Retried activities call the same method again: opening an open step, recording a recorded decision
/// or completing a completed approval changes nothing and returns null.
/// </summary>
public sealed class Approval
{
    public const string ClosedRefusal = "the approval is no longer open";

    private readonly List<ApprovalStep> _steps;
    private ApprovalState _state;

    private Approval(ApprovalState state)
    {
        _state = state;
        _steps = state.Steps.Select(ApprovalStep.Restore).ToList();
    }

    public static Approval Start(string ticketNumber, string customerId, string catalogItemId, string catalogItemName, string requesterId,
        string instanceId, IEnumerable<ApprovalStep> steps, string? problem, DateTimeOffset now)
    {
        var planned = steps.Select(s => s.State).ToList();
        return new Approval(new ApprovalState
        {
            TicketNumber = ticketNumber,
            CustomerId = customerId,
            CatalogItemId = catalogItemId,
            CatalogItemName = catalogItemName,
            RequesterId = requesterId,
            InstanceId = instanceId,
            StartedAt = now,
            Steps = planned,
            Log = [new WorkflowLogEntry(now, "started", $"Approval started: {planned.Count} step(s){(problem is null ? "" : "; " + problem)}")],
        });
    }

    public static Approval Restore(ApprovalState state) => new(state);

    public ApprovalState State => _state;
    public string TicketNumber => _state.TicketNumber;
    public WorkflowStatus Status => _state.Status;
    public IReadOnlyList<ApprovalStep> Steps => _steps;

    /// <summary>The step open for decisions: the approval is waiting and its current step has been opened.</summary>
    public ApprovalStep? Current => _state.Current is null ? null : _steps[_state.CurrentStep];

    /// <summary>How many reminders were sent so far, over all steps (reminder mails are keyed by it).</summary>
    public int Reminders => _state.Log.Count(l => l.Kind == "reminded");

    /// <summary>Null when <paramref name="approverId"/> may decide step <paramref name="step"/> now; otherwise why not.</summary>
    public string? RefusalFor(int step, string? approverId) => Current is { } current ? current.RefusalFor(step, approverId) : ClosedRefusal;

    public bool MayDecide(int step, string? approverId) => RefusalFor(step, approverId) is null;

    /// <summary>Opens step <paramref name="step"/> for decisions until <paramref name="expiresAt"/>; null when it was open already.</summary>
    public WorkflowLogEntry? OpenStep(int step, DateTimeOffset openedAt, DateTimeOffset expiresAt)
    {
        var opening = _steps[step];
        if (opening.IsOpen)
        {
            return null;
        }
        RequireWaiting("open a step");
        opening.Open(openedAt, expiresAt);
        _state = _state with { CurrentStep = step, Steps = StepStates() };
        var names = string.Join(", ", opening.Approvers.Select(a => a.Name));
        return Append(openedAt, "stepOpened",
            $"Approval step {step + 1} '{opening.Name}' ({(opening.State.Rule == ApprovalRule.All ? "all of" : "any of")}: {names}) waits for a decision until {expiresAt:yyyy-MM-dd HH:mm} UTC.");
    }

    public WorkflowLogEntry Remind(int step, IReadOnlyList<Approver> approvers, DateTimeOffset now)
    {
        RequireOpen(step, "remind");
        return Append(now, "reminded", $"Reminder sent to {string.Join(", ", approvers.Select(a => a.Name))} (step {step + 1}).");
    }

    /// <summary>Adds the stand-ins found for the <paramref name="undecided"/> approvers to their seats.</summary>
    public WorkflowLogEntry Escalate(int step, IReadOnlyList<Approver> undecided, IReadOnlyList<StandIn> standIns, DateTimeOffset now)
    {
        var open = RequireOpen(step, "escalate");
        foreach (var standIn in standIns)
        {
            open.AddStandIn(standIn);
        }
        _state = _state with { Steps = StepStates() };
        return Append(now, "escalated", standIns.Count == 0
            ? $"Step {step + 1} escalation: no delegate or fallback approver for {string.Join(", ", undecided.Select(a => a.Name))}."
            : $"Step {step + 1} escalated to {string.Join(", ", standIns.Select(s => s.Approver.Name))}.");
    }

    /// <summary>Records a decision on the open step; null when this event was recorded already.</summary>
    public WorkflowLogEntry? RecordDecision(int step, DecisionEvidence decision)
    {
        var open = RequireOpen(step, "record a decision");
        var approver = open.Find(decision.ApproverId, null);
        if (!open.Record(decision))
        {
            return null;
        }
        _state = _state with { Steps = StepStates() };
        var verb = decision.Decision == ApprovalDecision.Approve ? "Approved" : "Rejected";
        return Append(decision.At, "decided",
            $"{verb} by {approver?.Name ?? decision.ApproverId} (step {step + 1}, {decision.Channel}){(decision.Comment is null ? "" : ": " + decision.Comment)}");
    }

    /// <summary>Ends the approval; null when it had ended already. <paramref name="ticketNotChanged"/> says why the ticket could not follow.</summary>
    public WorkflowLogEntry? Complete(WorkflowStatus outcome, string reason, string? ticketNotChanged, DateTimeOffset now)
    {
        if (outcome == WorkflowStatus.Waiting)
        {
            throw new ArgumentException("An approval completes with an outcome.", nameof(outcome));
        }
        if (_state.Status != WorkflowStatus.Waiting)
        {
            return null;
        }
        _state = _state with { Status = outcome, CompletedAt = now };
        return Append(now, "completed", $"{outcome}: {reason}{(ticketNotChanged is null ? "" : $" (ticket not changed: {ticketNotChanged})")}");
    }

    private WorkflowLogEntry Append(DateTimeOffset at, string kind, string text)
    {
        var entry = new WorkflowLogEntry(at, kind, text);
        _state = _state with { Log = [.. _state.Log, entry] };
        return entry;
    }

    private List<ApprovalStepState> StepStates() => _steps.Select(s => s.State).ToList();

    private void RequireWaiting(string action)
    {
        if (_state.Status != WorkflowStatus.Waiting)
        {
            throw new DomainRuleException("approval.closed", $"Cannot {action}: the approval of {_state.TicketNumber} is {_state.Status}.");
        }
    }

    private ApprovalStep RequireOpen(int step, string action) =>
        Current is { } current && current.Index == step
            ? current
            : throw new DomainRuleException("approval.step-not-open", $"Cannot {action}: step {step + 1} of the approval of {_state.TicketNumber} is not open.");
}
