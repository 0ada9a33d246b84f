using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.Intake;

/// <summary>
/// Correlation state and message claims. Both live in one partition per <see cref="CorrelationId"/>, so a message's
/// claim and its effect on the counter are one atomic write: a message is counted exactly when it is claimed.
/// </summary>
public interface IIntakeStore
{
    Task<CorrelationState?> GetAsync(CorrelationId id, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="claim"/> and writes <paramref name="state"/> (inserted when <paramref name="expected"/> is null,
    /// else replaced if still as read; null <paramref name="state"/> writes the claim alone) in one transaction.
    /// </summary>
    /// <returns>The result, and for <see cref="CommitResult.Duplicate"/> the claim stored earlier.</returns>
    Task<(CommitResult Result, MessageClaim? Existing)> CommitAsync(
        CorrelationId id, MessageClaim claim, CorrelationState? state, CorrelationState? expected, CancellationToken cancellationToken);

    Task<MessageClaim?> GetClaimAsync(CorrelationId id, string source, string sourceId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the claim's ticket work done (when a claim is given) and replaces the state if still as
    /// <paramref name="expected"/> (when a state is given), in one transaction; false when the state changed meanwhile.
    /// </summary>
    Task<bool> CompleteAsync(CorrelationId id, MessageClaim? claim, CorrelationState? state, CorrelationState? expected, CancellationToken cancellationToken);

    /// <summary>The correlations of a customer, most recently seen first within the page.</summary>
    Task<Page<CorrelationState>> ListAsync(string customerId, int pageSize, string? continuationToken, CancellationToken cancellationToken);
}

public enum CommitResult
{
    Committed,
    /// <summary>The message's claim already exists: it was processed (or is being processed) before.</summary>
    Duplicate,
    /// <summary>The state changed since it was read: read again and decide again.</summary>
    Conflict,
}

/// <summary>One correlated problem of a customer: the episode's ticket and how often the alert was seen.</summary>
/// <param name="Episode">Incremented each time a firing message opens a new ticket for this problem.</param>
/// <param name="TicketNumber">The episode's ticket; null between claiming the episode and writing the ticket.</param>
/// <param name="Draft">The episode's ticket input (JSON), so whoever completes the ticket writes the same one.</param>
/// <param name="NotedOccurrences">Occurrences already noted on the ticket.</param>
public sealed record CorrelationState(
    string CustomerId,
    string Key,
    string Hash,
    int Episode,
    string? TicketNumber,
    string Draft,
    string Source,
    int Occurrences,
    DateTimeOffset EpisodeOpenedAt,
    DateTimeOffset FirstSeenAt,
    DateTimeOffset LastSeenAt,
    AlertStatus LastStatus,
    int NotedOccurrences,
    DateTimeOffset? NotedAt,
    string ETag = "");

/// <summary>What became of a message, keyed by (Source, SourceId) inside its correlation.</summary>
/// <param name="Applied">False while ticket work the message requires (create, note, resolve) may not be done yet.</param>
public sealed record MessageClaim(
    string Source,
    string SourceId,
    IntakeOutcome Outcome,
    int Episode,
    string? TicketNumber,
    DateTimeOffset ReceivedAt,
    bool Applied)
{
    /// <summary>Recorded in the ticket activity a message causes, so a redelivery can tell the work was done.</summary>
    public string Reference => $"{Source}:{SourceId}";
}
