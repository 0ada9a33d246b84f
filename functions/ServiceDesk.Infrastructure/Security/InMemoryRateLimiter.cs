using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using ServiceDesk.Application.Common;

namespace ServiceDesk.Infrastructure.Security;

/// <summary>
/// Fixed windows per (rule, partition), in memory (System.Threading.RateLimiting): they count per instance and restart
/// with it. Idle partitions are dropped by the partitioned limiter, so per-address partitions do not accumulate.
/// </summary>
public sealed class InMemoryRateLimiter : IRateLimiter, IDisposable
{
    private const int MaxRememberedRefusals = 10_000;
    private readonly PartitionedRateLimiter<(RateLimitRule Rule, string Partition)> _limiter;
    private readonly ConcurrentDictionary<(RateLimitRule, string), long> _lastRefusalReported = new();
    private readonly TimeProvider _time;

    public InMemoryRateLimiter(TimeProvider time)
    {
        _time = time;
        _limiter = PartitionedRateLimiter.Create<(RateLimitRule Rule, string Partition), (RateLimitRule, string)>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
            {
                PermitLimit = k.Item1.PermitLimit,
                Window = k.Item1.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public RateLimitRefusal? TryAcquire(RateLimitRule rule, string partition)
    {
        using var lease = _limiter.AttemptAcquire((rule, partition));
        if (lease.IsAcquired)
        {
            return null;
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : rule.Window;
        return new RateLimitRefusal(retryAfter, FirstRefusalOfWindow((rule, partition), rule.Window));
    }

    /// <summary>True at most once a window per partition, so refusals are audited once, not once per refused call.</summary>
    private bool FirstRefusalOfWindow((RateLimitRule, string) key, TimeSpan window)
    {
        var now = _time.GetTimestamp();
        if (_lastRefusalReported.Count > MaxRememberedRefusals)
        {
            _lastRefusalReported.Clear();
        }
        var first = false;
        _lastRefusalReported.AddOrUpdate(key, _ => { first = true; return now; }, (_, last) =>
        {
            if (_time.GetElapsedTime(last, now) < window)
            {
                return last;
            }
            first = true;
            return now;
        });
        return first;
    }

    public void Dispose() => _limiter.Dispose();
}
