using ServiceDesk.Domain.Common;

namespace ServiceDesk.Domain.Workflows;

/// <summary>
/// One step of an <see cref="Approval"/>: its seats and the decisions taken, counted by an <see cref="ApprovalTally"/>.
/// Who may decide is written here, once: the decision channels ask through <see cref="Approval.RefusalFor"/>, and the
/// orchestration asks its in-memory copy of the open step (rebuilt from the plan and its history on every replay).
/// </summary>
public sealed class ApprovalStep
{
    private ApprovalStepState _state;
    private ApprovalTally? _tally;

    private ApprovalStep(ApprovalStepState state) => _state = state;

    /// <summary>A step not opened yet, with one seat per approver.</summary>
    public static ApprovalStep Plan(int index, string name, ApprovalRule rule, IEnumerable<IEnumerable<Approver>> seats) =>
        new(new ApprovalStepState { Index = index, Name = name, Rule = rule, Seats = Copy(seats) });

    public static ApprovalStep Restore(ApprovalStepState state) => new(state);

    public ApprovalStepState State => _state;
    public int Index => _state.Index;
    public string Name => _state.Name;
    public ApprovalOutcome Outcome => _state.Outcome;

    /// <summary>Every approver of every seat, stand-ins included, in seat order.</summary>
    public IEnumerable<Approver> Approvers => _state.Seats.SelectMany(s => s);

    /// <summary>Approvers of seats that have not decided yet (reminders and escalation go to them).</summary>
    public IReadOnlyList<Approver> Undecided => Tally.Undecided;

    /// <summary>The seat holder who is this user (same id) or this mail sender (same address, any case).</summary>
    public Approver? Find(string? userId, string? email) => Approvers.FirstOrDefault(a => a.Is(userId, email));

    /// <summary>
    /// Null when <paramref name="approverId"/> may decide step number <paramref name="step"/> now (this is that step,
    /// they hold a seat of it and that seat is undecided); otherwise why not. A null id is nobody designated.
    /// </summary>
    public string? RefusalFor(int step, string? approverId) =>
        step != Index ? (step < Index ? "that step is already decided" : "that step is not open yet")
        : approverId is null || !Tally.IsDesignated(approverId) ? "not a designated approver of this step"
        : !Tally.MayDecide(approverId) ? "already decided"
        : null;

    /// <summary>
    /// Counts a decision for every undecided seat the approver holds. False when this event was counted already (a
    /// retried activity); a decision <see cref="RefusalFor"/> refuses is a broken rule (ask first).
    /// </summary>
    public bool Record(DecisionEvidence decision)
    {
        if (_state.Decisions.Any(d => d.EventId == decision.EventId))
        {
            return false;
        }
        if (RefusalFor(Index, decision.ApproverId) is { } refusal)
        {
            throw new DomainRuleException("approval.decision-refused", $"Decision by '{decision.ApproverId}' on step {Index + 1} refused: {refusal}.");
        }
        Tally.Record(decision.ApproverId, decision.Decision);
        _state = _state with { Decisions = [.. _state.Decisions, decision], Outcome = Tally.Outcome };
        return true;
    }

    /// <summary>Adds a stand-in to every undecided seat of the approver it replaces.</summary>
    public void AddStandIn(StandIn standIn)
    {
        Tally.AddStandIn(standIn.OriginalId, standIn.Approver);
        _state = _state with { Seats = Copy(Tally.Seats) };
    }

    internal bool IsOpen => _state.OpenedAt is not null;

    internal void Open(DateTimeOffset openedAt, DateTimeOffset expiresAt) => _state = _state with { OpenedAt = openedAt, ExpiresAt = expiresAt };

    /// <summary>Built on first use: a planned step without approvers (a plan with a problem) is never opened or asked.</summary>
    private ApprovalTally Tally => _tally ??= Count(_state);

    private static ApprovalTally Count(ApprovalStepState state)
    {
        var tally = new ApprovalTally(state.Rule, state.Seats);
        foreach (var d in state.Decisions)
        {
            tally.Record(d.ApproverId, d.Decision);
        }
        return tally;
    }

    private static IReadOnlyList<IReadOnlyList<Approver>> Copy(IEnumerable<IEnumerable<Approver>> seats) =>
        seats.Select(s => (IReadOnlyList<Approver>)s.ToList()).ToList();
}
