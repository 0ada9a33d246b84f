using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>Input of the approval orchestration. <see cref="Version"/> lets a new deployment keep running old instances the old way.</summary>
public sealed record ApprovalWorkflowInput(string TicketNumber, string CatalogItemId, int Version = ApprovalWorkflowInput.CurrentVersion)
{
    public const int CurrentVersion = 1;
}

/// <summary>
/// Everything the orchestrator needs, resolved once by an activity (so it is in the history and replays are
/// deterministic): the steps with their approvers and the durations. <see cref="Problem"/> set means the
/// request cannot be approved as configured (e.g. the requester has no manager and there is no fallback).
/// </summary>
public sealed record ApprovalPlan(
    string TicketNumber,
    IReadOnlyList<PlannedStep> Steps,
    TimeSpan RemindAfter,
    TimeSpan EscalateAfter,
    TimeSpan ExpireAfter,
    ExpiryBehaviour OnExpiry,
    string? Problem)
{
    /// <summary>
    /// The deadlines of a step opened at <paramref name="opened"/>, soonest first (equal times keep the order remind,
    /// escalate, expire); a reminder or escalation due at or after the expiry is left out. The orchestrator sets one
    /// durable timer per round for the first; replays depend on this order staying the same.
    /// </summary>
    public List<(DateTime At, ApprovalDeadline Kind)> DeadlinesFrom(DateTime opened)
    {
        var deadlines = new List<(DateTime At, ApprovalDeadline Kind)>
        {
            (opened + RemindAfter, ApprovalDeadline.Remind),
            (opened + EscalateAfter, ApprovalDeadline.Escalate),
            (opened + ExpireAfter, ApprovalDeadline.Expire),
        };
        deadlines.RemoveAll(d => d.Kind != ApprovalDeadline.Expire && d.At >= opened + ExpireAfter);
        deadlines.Sort((a, b) => a.At.CompareTo(b.At));
        return deadlines;
    }
}

/// <summary>What the orchestrator does when a step's deadline passes undecided. Kept in memory only (a durable timer stores its time, not its kind).</summary>
public enum ApprovalDeadline
{
    Remind,
    Escalate,
    Expire,
}

public sealed record PlannedStep(int Index, string Name, ApprovalRule Rule, IReadOnlyList<IReadOnlyList<Approver>> Seats)
{
    public ApprovalStep ToStep() => ApprovalStep.Plan(Index, Name, Rule, Seats);
}

public sealed record OpenStepInput(string TicketNumber, int Step, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt);

public sealed record StepApproversInput(string TicketNumber, int Step, IReadOnlyList<Approver> Approvers);

public sealed record DecisionInput(string TicketNumber, ApprovalDecisionEvent Decision);

public sealed record RefusalInput(string TicketNumber, ApprovalDecisionEvent Decision, string Reason);

public sealed record CompleteInput(string TicketNumber, WorkflowStatus Outcome, string Reason);
