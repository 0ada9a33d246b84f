using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ServiceDesk.Application.Common;

/// <summary>
/// The app's own spans and metrics (System.Diagnostics: no exporter here; the Functions composition subscribes to
/// <see cref="SourceName"/> and exports). Attributes carry ticket numbers, channels, outcomes and reasons, never a
/// person's name or address. The names are documented in docs/telemetry.md, and a test proves each one is emitted.
/// </summary>
public static class ServiceDeskTelemetry
{
    /// <summary>Name of the ActivitySource and of the Meter.</summary>
    public const string SourceName = "ServiceDesk";

    public const string TicketNumber = "servicedesk.ticket.number";
    public const string Channel = "servicedesk.channel";
    public const string Outcome = "servicedesk.outcome";
    public const string Reason = "servicedesk.reason";

    public static readonly ActivitySource Source = new(SourceName);
    public static readonly Meter Meter = new(SourceName);

    /// <summary>Span names (one per use case instrumented).</summary>
    public static class Spans
    {
        public const string CreateTicket = "ticket.create";
        public const string UpdateTicket = "ticket.update";
        public const string Intake = "intake.message";
        public const string MailIngest = "mail.ingest";
        public const string MailSend = "mail.send";
        public const string OutboxDispatch = "outbox.dispatch";
    }

    /// <summary>Metric names.</summary>
    public static class Metrics
    {
        public const string TicketsCreated = "servicedesk.tickets.created";
        public const string IntakeRejections = "servicedesk.intake.rejections";
        public const string OutboxDepth = "servicedesk.outbox.depth";
        public const string OutboxAge = "servicedesk.outbox.oldest_age";
        public const string SlaBreaches = "servicedesk.sla.breaches";
        public const string OrchestrationsRunning = "servicedesk.orchestrations.running";
        public const string RateLimited = "servicedesk.rate_limited";
    }

    private static readonly Counter<long> TicketsCreatedCounter =
        Meter.CreateCounter<long>(Metrics.TicketsCreated, "{ticket}", "Tickets opened, by channel (servicedesk.channel).");
    private static readonly Counter<long> IntakeRejectionsCounter =
        Meter.CreateCounter<long>(Metrics.IntakeRejections, "{message}", "Intake messages rejected, by reason (servicedesk.reason).");
    private static readonly Counter<long> SlaBreachesCounter =
        Meter.CreateCounter<long>(Metrics.SlaBreaches, "{breach}", "Service level targets found breached by the escalation job, by target (servicedesk.reason).");
    private static readonly Counter<long> RateLimitedCounter =
        Meter.CreateCounter<long>(Metrics.RateLimited, "{request}", "Requests refused by a rate limit, by surface (servicedesk.reason).");

    private static readonly UpDownCounter<long> OrchestrationsRunningCounter =
        Meter.CreateUpDownCounter<long>(Metrics.OrchestrationsRunning, "{orchestration}",
            "Durable orchestrations begun minus those ended, by orchestrator (servicedesk.reason); summed over instances.");

    private static OutboxReading _outbox = new(0, 0);

    static ServiceDeskTelemetry()
    {
        Meter.CreateObservableGauge(Metrics.OutboxDepth, () => Volatile.Read(ref _outbox).Depth, "{ticket}",
            "Tickets with undelivered events seen by the last dispatcher run (at most its per-run cap per customer).");
        Meter.CreateObservableGauge(Metrics.OutboxAge, () => Volatile.Read(ref _outbox).OldestAgeSeconds, "s",
            "Age of the oldest pending-dispatch marker seen by the last dispatcher run.");
    }

    /// <summary>Starts a span for a use case; null when nobody listens (then tagging costs nothing).</summary>
    public static Activity? Start(string name, ActivityKind kind = ActivityKind.Internal) => Source.StartActivity(name, kind);

    public static void TicketCreated(string channel) =>
        TicketsCreatedCounter.Add(1, new KeyValuePair<string, object?>(Channel, channel));

    public static void IntakeRejected(string reason) =>
        IntakeRejectionsCounter.Add(1, new KeyValuePair<string, object?>(Reason, reason));

    public static void SlaBreached(string target) =>
        SlaBreachesCounter.Add(1, new KeyValuePair<string, object?>(Reason, target));

    public static void RateLimitRefused(string surface) =>
        RateLimitedCounter.Add(1, new KeyValuePair<string, object?>(Reason, surface));

    /// <summary>What the outbox dispatcher saw on its last run (it reads the markers anyway: no extra scan).</summary>
    public static void OutboxObserved(long depth, double oldestAgeSeconds) =>
        Volatile.Write(ref _outbox, new OutboxReading(depth, oldestAgeSeconds));

    /// <summary>An orchestration began (its first, non-replayed execution) or ended (completed or failed).</summary>
    public static void OrchestrationRunning(string orchestrator, int delta) =>
        OrchestrationsRunningCounter.Add(delta, new KeyValuePair<string, object?>(Reason, orchestrator));

    private sealed record OutboxReading(long Depth, double OldestAgeSeconds);
}
