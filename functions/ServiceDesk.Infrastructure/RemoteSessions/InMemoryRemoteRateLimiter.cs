using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.RemoteSessions;

namespace ServiceDesk.Infrastructure.RemoteSessions;

/// <summary>The remote-session rate limits as one-minute rules of the shared <see cref="IRateLimiter"/>.</summary>
public sealed class InMemoryRemoteRateLimiter(IRateLimiter limiter, IOptions<RemoteSessionOptions> options) : IRemoteRateLimiter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public RateLimitRefusal? TryAcquire(RemoteRateLimit limit, string partition)
    {
        var o = options.Value;
        var perMinute = limit switch
        {
            RemoteRateLimit.EnrolmentPerClient or RemoteRateLimit.EnrolmentPerKey => o.EnrolmentsPerMinute,
            RemoteRateLimit.Decision => o.DecisionsPerMinute,
            _ => o.DeviceCallsPerMinute,
        };
        return limiter.TryAcquire(new RateLimitRule("remote-" + limit, perMinute, Window), partition);
    }
}
