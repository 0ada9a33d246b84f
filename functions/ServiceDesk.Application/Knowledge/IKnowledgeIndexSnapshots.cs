namespace ServiceDesk.Application.Knowledge;

/// <summary>
/// Where instances share a snapshot of the search index (<see cref="KnowledgeIndex.WriteSnapshot"/>), so that a cold
/// start opens it and catches up from the article change feed after its <c>Watermark</c> instead of reading every
/// article: every article changed before the watermark is in the snapshot as it was then, or later.
/// </summary>
public interface IKnowledgeIndexSnapshots
{
    /// <summary>The latest snapshot (a zip archive, the caller disposes it) and its watermark, or null when there is none.</summary>
    Task<(Stream Data, DateTimeOffset Watermark)?> LoadAsync(CancellationToken ct);

    /// <summary>Replaces the snapshot.</summary>
    Task SaveAsync(Stream data, DateTimeOffset watermark, CancellationToken ct);
}
