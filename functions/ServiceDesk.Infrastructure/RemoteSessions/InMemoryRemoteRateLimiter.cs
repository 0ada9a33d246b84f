using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.RemoteSessions;

namespace ServiceDesk.Infrastructure.RemoteSessions;

/// <summary>
/// The remote-session rate limits as fixed one-minute windows per (limit, partition), in memory
/// (System.Threading.RateLimiting): they count per instance, and restart with it.
/// </summary>
public sealed class InMemoryRemoteRateLimiter : IRemoteRateLimiter, IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxRememberedRefusals = 10_000;
    private readonly PartitionedRateLimiter<(RemoteRateLimit Limit, string Partition)> _limiter;
    private readonly ConcurrentDictionary<(RemoteRateLimit, string), long> _lastRefusalReported = new();
    private readonly TimeProvider _time;

    public InMemoryRemoteRateLimiter(IOptions<RemoteSessionOptions> options, TimeProvider time)
    {
        _time = time;
        var o = options.Value;
        _limiter = PartitionedRateLimiter.Create<(RemoteRateLimit Limit, string Partition), (RemoteRateLimit, string)>(key =>
            RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
            {
                PermitLimit = k.Item1 switch
                {
                    RemoteRateLimit.EnrolmentPerClient or RemoteRateLimit.EnrolmentPerKey => o.EnrolmentsPerMinute,
                    RemoteRateLimit.Decision => o.DecisionsPerMinute,
                    _ => o.DeviceCallsPerMinute,
                },
                Window = Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    public RateLimitRefusal? TryAcquire(RemoteRateLimit limit, string partition)
    {
        using var lease = _limiter.AttemptAcquire((limit, partition));
        if (lease.IsAcquired)
        {
            return null;
        }
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : Window;
        return new RateLimitRefusal(retryAfter, FirstRefusalOfWindow((limit, partition)));
    }

    /// <summary>True at most once a window per partition, so refusals are audited once, not once per refused call.</summary>
    private bool FirstRefusalOfWindow((RemoteRateLimit, string) key)
    {
        var now = _time.GetTimestamp();
        if (_lastRefusalReported.Count > MaxRememberedRefusals)
        {
            _lastRefusalReported.Clear();
        }
        var first = false;
        _lastRefusalReported.AddOrUpdate(key, _ => { first = true; return now; }, (_, last) =>
        {
            if (_time.GetElapsedTime(last, now) < Window)
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
