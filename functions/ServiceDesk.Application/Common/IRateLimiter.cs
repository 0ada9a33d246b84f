namespace ServiceDesk.Application.Common;

/// <summary>A rate limit: at most <see cref="PermitLimit"/> calls per <see cref="Window"/> in each partition.</summary>
public sealed record RateLimitRule(string Name, int PermitLimit, TimeSpan Window);

/// <summary>A refused call: when to try again, and whether it is the first refusal of its window (the one worth auditing).</summary>
public sealed record RateLimitRefusal(TimeSpan RetryAfter, bool FirstInWindow);

/// <summary>
/// Partitioned fixed-window rate limits (in memory: they count per instance, so with N instances a caller may get up to
/// N times a limit). The one mechanism behind the remote-session limits and the public surfaces' limits.
/// </summary>
public interface IRateLimiter
{
    /// <summary>Takes one permit of <paramref name="rule"/> for <paramref name="partition"/>; null when allowed.</summary>
    RateLimitRefusal? TryAcquire(RateLimitRule rule, string partition);
}
