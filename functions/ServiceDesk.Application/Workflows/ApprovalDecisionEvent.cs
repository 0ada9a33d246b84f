using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>
/// The one external event of the approval orchestration, whichever way the decision came (API, signed link, mail).
/// <see cref="EventId"/> is unique per decision (token nonce, mail Message-ID, API request id): the engine delivers
/// events at least once and the orchestrator drops an id it has seen.
/// </summary>
public sealed record ApprovalDecisionEvent(
    string EventId,
    int Step,
    string ApproverId,
    ApprovalDecision Decision,
    string? Comment,
    string Channel,
    string? Address,
    string? MessageId,
    string? AuthenticationResults,
    DateTimeOffset At)
{
    public const string Name = "ApprovalDecision";

    public DecisionEvidence ToEvidence() => new(EventId, ApproverId, Decision, Comment, Channel, Address, MessageId, AuthenticationResults, At);
}
