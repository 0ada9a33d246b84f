using ServiceDesk.Domain.Problems;

namespace ServiceDesk.Application.Problems;

/// <summary>A stored value with its storage concurrency token.</summary>
public sealed record Stored<T>(T Value, string ETag);

/// <summary>Problem candidates (per customer) and problem records (per PRB number).</summary>
public interface IProblemStore
{
    Task<IReadOnlyList<Stored<ProblemCandidate>>> ListCandidatesAsync(string customerId, CancellationToken ct);

    Task<Stored<ProblemCandidate>?> FindCandidateAsync(string customerId, string id, CancellationToken ct);

    /// <summary>False when a candidate with that id exists already (an overlapping run created it).</summary>
    Task<bool> AddCandidateAsync(ProblemCandidate candidate, CancellationToken ct);

    /// <exception cref="Common.PreconditionFailedException">Changed by someone else since it was read.</exception>
    Task ReplaceCandidateAsync(ProblemCandidate candidate, string etag, CancellationToken ct);

    Task<Stored<ProblemRecord>?> FindRecordAsync(string number, CancellationToken ct);

    /// <summary>Inserts (etag null) or replaces the record if unchanged since read.</summary>
    /// <exception cref="Common.PreconditionFailedException">Changed by someone else since it was read.</exception>
    Task SaveRecordAsync(ProblemRecord record, string? etag, CancellationToken ct);
}

/// <summary>
/// Told about new (or re-opened) candidates so the problem manager hears of them. None is registered yet: the mail
/// issue adds one. Until then a candidate's <c>AnnouncedAt</c> stays empty, which is the announcement outbox.
/// </summary>
public interface IProblemCandidateAnnouncer
{
    Task AnnounceAsync(ProblemCandidate candidate, CancellationToken ct);
}
