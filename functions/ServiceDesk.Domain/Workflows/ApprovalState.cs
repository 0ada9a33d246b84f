namespace ServiceDesk.Domain.Workflows;

/// <summary>
/// The persisted form of an approval: what the store saves and restores and <c>GET /api/tickets/{number}/workflow</c>
/// shows. No behaviour; <see cref="Approval"/> changes it. The property names are the stored JSON's (rows written by
/// earlier deployments read unchanged), so rename nothing here.
/// </summary>
public sealed record ApprovalState
{
    public required string TicketNumber { get; init; }
    public required string CustomerId { get; init; }
    public required string CatalogItemId { get; init; }
    public required string CatalogItemName { get; init; }
    public required string RequesterId { get; init; }
    public required string InstanceId { get; init; }
    public WorkflowStatus Status { get; init; } = WorkflowStatus.Waiting;
    public int CurrentStep { get; init; }
    public IReadOnlyList<ApprovalStepState> Steps { get; init; } = [];
    public IReadOnlyList<WorkflowLogEntry> Log { get; init; } = [];
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The step open for decisions, if any. Derived, and written to the stored JSON too (nothing reads it back).</summary>
    public ApprovalStepState? Current =>
        Status == WorkflowStatus.Waiting && CurrentStep < Steps.Count && Steps[CurrentStep].OpenedAt is not null ? Steps[CurrentStep] : null;
}

/// <summary>The persisted form of one step: its seats (an approver and the stand-ins added on escalation) and the accepted decisions.</summary>
public sealed record ApprovalStepState
{
    public int Index { get; init; }
    public required string Name { get; init; }
    public ApprovalRule Rule { get; init; }
    public IReadOnlyList<IReadOnlyList<Approver>> Seats { get; init; } = [];
    public DateTimeOffset? OpenedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public ApprovalOutcome Outcome { get; init; }
    public IReadOnlyList<DecisionEvidence> Decisions { get; init; } = [];
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
