using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.RemoteSessions;

/// <summary>What a rate limit counts.</summary>
public enum RemoteRateLimit
{
    /// <summary>Enrolment attempts from one client IP address.</summary>
    EnrolmentPerClient,

    /// <summary>Enrolment attempts naming one enrolment key id.</summary>
    EnrolmentPerKey,

    /// <summary>Connection decisions sent for one device.</summary>
    Decision,

    /// <summary>Heartbeats, polls and rotations of one device.</summary>
    DeviceCall,
}

/// <summary>Partitioned rate limits of the remote-session routes (in memory: per instance).</summary>
public interface IRemoteRateLimiter
{
    /// <summary>Takes one permit of <paramref name="limit"/> for <paramref name="partition"/>; null when allowed.</summary>
    RateLimitRefusal? TryAcquire(RemoteRateLimit limit, string partition);
}
