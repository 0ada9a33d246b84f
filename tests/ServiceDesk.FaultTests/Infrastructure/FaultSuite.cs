// The fault tests kill and restart emulators and hosts: they run one at a time, so each has the machine's cores to
// itself (other test assemblies still run beside this one).
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ServiceDesk.FaultTests.Infrastructure;

/// <summary>Bounded by default (the whole suite in about two minutes); <c>SERVICEDESK_SOAK=1</c> runs each fault longer and repeatedly.</summary>
public static class FaultSuite
{
    public static bool Soak => Environment.GetEnvironmentVariable("SERVICEDESK_SOAK") == "1";

    /// <summary>How many times a fault is injected in one test (storage outages, host kills).</summary>
    public static int Cycles => Soak ? 5 : 1;

    /// <summary>Load before the first fault and between faults.</summary>
    public static TimeSpan LoadBetweenFaults => Soak ? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(5);

    /// <summary>How long the dependency stays down.</summary>
    public static TimeSpan Downtime => Soak ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(4);

    public static int Clients => Soak ? 16 : 8;

    /// <summary>
    /// A client's HTTP timeout: a request still open after this counts as a hang. The app's storage retries are bounded
    /// to about 32 s per storage call (docs/configuration.md: NetworkTimeoutSeconds, MaxRetries); this leaves room.
    /// </summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);
}
