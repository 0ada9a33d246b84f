namespace ServiceDesk.Application.Common;

/// <summary>One page of results and the opaque token for the next one (null when there is none).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);
