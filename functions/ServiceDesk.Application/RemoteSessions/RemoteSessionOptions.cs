namespace ServiceDesk.Application.RemoteSessions;

/// <summary>
/// Timeouts and rate limits of remote sessions. The limits are fixed one-minute windows kept in memory, so they count
/// per instance: with N instances a caller may get up to N times the limit.
/// </summary>
public sealed class RemoteSessionOptions
{
    public const string SectionName = "ServiceDesk:RemoteSessions";

    /// <summary>How long the user has to answer a connection request at the device.</summary>
    public TimeSpan RequestAnswerTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an approval's grant may be used to start the session.</summary>
    public TimeSpan GrantLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Enrolment attempts per minute, counted per client IP address and separately per enrolment key id.</summary>
    public int EnrolmentsPerMinute { get; set; } = 20;

    /// <summary>Connection decisions per minute per device.</summary>
    public int DecisionsPerMinute { get; set; } = 10;

    /// <summary>Heartbeats, connection-request polls and credential rotations per minute per device.</summary>
    public int DeviceCallsPerMinute { get; set; } = 120;

    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);
    public const int MaxPerMinute = 100_000;

    public bool IsValid =>
        RequestAnswerTimeout > TimeSpan.Zero && RequestAnswerTimeout <= MaxTimeout && GrantLifetime > TimeSpan.Zero && GrantLifetime <= MaxTimeout &&
        EnrolmentsPerMinute is >= 1 and <= MaxPerMinute && DecisionsPerMinute is >= 1 and <= MaxPerMinute && DeviceCallsPerMinute is >= 1 and <= MaxPerMinute;
}
