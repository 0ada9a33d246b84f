namespace ServiceDesk.Domain.Problems;

/// <summary>
/// What a problem ticket (<c>PRB-…</c>) carries beyond an ordinary ticket: root cause, workaround, the known-error
/// flag, the incidents it causes and the candidate it came from. The ticket itself (title, status, activity log) is
/// an ordinary ticket of kind Problem.
/// </summary>
public sealed record ProblemRecord
{
    public required string Number { get; init; }
    public required string CustomerId { get; init; }
    public string? RootCause { get; init; }
    public string? Workaround { get; init; }
    public bool KnownError { get; init; }
    public IReadOnlyList<string> Incidents { get; init; } = [];
    public string? CandidateId { get; init; }
    public DateTimeOffset? WorkaroundCommunicatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
