using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>
/// What the approval of one ticket looks like now: written only by the orchestration's activities (one at a time),
/// read by the decision endpoints to check who may decide and by <c>GET /api/tickets/{number}/workflow</c>.
/// </summary>
public sealed record ApprovalRecord
{
    public required string TicketNumber { get; init; }
    public required string CustomerId { get; init; }
    public required string CatalogItemId { get; init; }
    public required string CatalogItemName { get; init; }
    public required string RequesterId { get; init; }
    public required string InstanceId { get; init; }
    public WorkflowStatus Status { get; init; } = WorkflowStatus.Waiting;
    public int CurrentStep { get; init; }
    public List<ApprovalStepRecord> Steps { get; init; } = [];
    public List<WorkflowLogEntry> Log { get; init; } = [];
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    public ApprovalStepRecord? Current =>
        Status == WorkflowStatus.Waiting && CurrentStep < Steps.Count && Steps[CurrentStep].OpenedAt is not null ? Steps[CurrentStep] : null;
}

public sealed record ApprovalStepRecord
{
    public int Index { get; init; }
    public required string Name { get; init; }
    public ApprovalRule Rule { get; init; }
    public List<List<Approver>> Seats { get; init; } = [];
    public DateTimeOffset? OpenedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public ApprovalOutcome Outcome { get; init; }
    public List<DecisionEvidence> Decisions { get; init; } = [];

    /// <summary>The tally as the orchestrator sees it, rebuilt from the stored seats and accepted decisions.</summary>
    public ApprovalTally Tally()
    {
        var tally = new ApprovalTally(Rule, Seats);
        foreach (var d in Decisions)
        {
            tally.Record(d.ApproverId, d.Decision);
        }
        return tally;
    }
}

/// <summary>The evidence of an accepted decision.</summary>
public sealed record DecisionEvidence(
    string EventId,
    string ApproverId,
    ApprovalDecision Decision,
    string? Comment,
    string Channel,
    string? Address,
    string? MessageId,
    string? AuthenticationResults,
    DateTimeOffset At);

public sealed record WorkflowLogEntry(DateTimeOffset At, string Kind, string Text);
