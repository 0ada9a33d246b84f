using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using ServiceDesk.Application.Common;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.EndToEndTests.Operations;

/// <summary>
/// What an operator sees of an end-to-end run (<see cref="TelemetryHostFixture"/>): one trace from the HTTP invocation
/// through the use case to the storage calls, the documented spans and metrics, and no personal data anywhere.
/// Runs alone (<see cref="TelemetryCollection"/>): spans and metrics are captured process-wide, and other collections'
/// local hosts number their tickets from 1 too.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed partial class TelemetryTests(TelemetryHostFixture f) : IClassFixture<TelemetryHostFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_portal_create_is_one_trace_from_the_invocation_through_the_use_case_to_the_table_calls()
    {
        var run = await f.RunAsync();
        var spans = f.Capture.Spans();
        var create = Assert.Single(spans, s => s.DisplayName == ServiceDeskTelemetry.Spans.CreateTicket && (string?)s.GetTagItem(ServiceDeskTelemetry.TicketNumber) == run.Portal);
        Assert.Equal("Portal", create.GetTagItem(ServiceDeskTelemetry.Channel));
        Assert.Equal("created", create.GetTagItem(ServiceDeskTelemetry.Outcome));

        var invocation = spans.Single(s => s.SpanId == create.ParentSpanId);
        Assert.Equal("Invoke CreateTicket", invocation.DisplayName);
        Assert.Equal(ActivityKind.Server, invocation.Kind);
        Assert.Equal("tickets", invocation.GetTagItem("http.route"));
        Assert.Equal(create.TraceId, invocation.TraceId);

        // The Azure SDK's spans of the ticket's table writes are children (or grandchildren) of the use case's span.
        var storage = spans.Where(s => s.TraceId == create.TraceId && s.Source.Name.StartsWith("Azure.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(storage);
        Assert.Contains(storage, s => Ancestors(s, spans).Contains(create.SpanId));
        Assert.Contains(storage, s => s.DisplayName.StartsWith("TableClient.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_mail_intake_update_outbox_and_send_spans_carry_the_ticket_number()
    {
        var run = await f.RunAsync();
        var spans = f.Capture.Spans();
        string? Number(Activity a) => (string?)a.GetTagItem(ServiceDeskTelemetry.TicketNumber);

        var ingest = Assert.Single(spans, s => s.DisplayName == ServiceDeskTelemetry.Spans.MailIngest && Number(s) == run.Mailed);
        Assert.Equal("created", ingest.GetTagItem(ServiceDeskTelemetry.Outcome));
        Assert.Contains(spans, s => s.DisplayName == ServiceDeskTelemetry.Spans.CreateTicket && Number(s) == run.Mailed && s.ParentSpanId == ingest.SpanId);
        Assert.Contains(spans, s => s.DisplayName == ServiceDeskTelemetry.Spans.UpdateTicket && Number(s) == run.Portal);
        Assert.Contains(spans, s => s.DisplayName == ServiceDeskTelemetry.Spans.UpdateTicket && Number(s) == run.Request);
        Assert.Contains(spans, s => s.DisplayName == ServiceDeskTelemetry.Spans.OutboxDispatch && Number(s) == run.Portal);
        Assert.Contains(spans, s => s.DisplayName == ServiceDeskTelemetry.Spans.MailSend && Number(s) is not null && (string?)s.GetTagItem(ServiceDeskTelemetry.Outcome) == "Sent");
        var rejected = Assert.Single(spans, s => s.DisplayName == ServiceDeskTelemetry.Spans.Intake && (string?)s.GetTagItem(ServiceDeskTelemetry.Outcome) == "Rejected");
        Assert.Equal("invalid-json", rejected.GetTagItem(ServiceDeskTelemetry.Reason));
    }

    [Fact]
    public async Task Every_span_and_metric_the_telemetry_document_lists_is_emitted()
    {
        var run = await f.RunAsync();
        var (documentedSpans, documentedMetrics) = Documented();
        Assert.NotEmpty(documentedSpans);
        Assert.NotEmpty(documentedMetrics);

        var spanNames = f.Capture.Spans().Select(s => s.DisplayName).ToHashSet();
        Assert.All(documentedSpans, name => Assert.Contains(name, spanNames));

        // Every documented metric is an instrument of the ServiceDesk meter...
        var published = new HashSet<string>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == ServiceDeskTelemetry.SourceName)
                {
                    lock (published) published.Add(instrument.Name);
                }
            };
            listener.Start();
        }
        Assert.All(documentedMetrics, name => Assert.Contains(name, published));

        // ...and those this run exercises have points: tickets per channel, the intake rejection, the outbox gauges,
        // the approval orchestration that began and ended.
        await Eventually.ReturnsAsync(() => Task.FromResult(f.Capture.Points(ServiceDeskTelemetry.Metrics.TicketsCreated)),
            points => points.Any(p => Equals(p.Tags.GetValueOrDefault(ServiceDeskTelemetry.Channel), "Portal") && p.Value >= 2)
                && points.Any(p => Equals(p.Tags.GetValueOrDefault(ServiceDeskTelemetry.Channel), "Email") && p.Value >= 1),
            Timeout, "tickets created by portal (the incident and the request) and by email");
        Assert.Contains(f.Capture.Points(ServiceDeskTelemetry.Metrics.IntakeRejections),
            p => Equals(p.Tags.GetValueOrDefault(ServiceDeskTelemetry.Reason), "invalid-json") && p.Value >= 1);
        Assert.NotEmpty(f.Capture.Points(ServiceDeskTelemetry.Metrics.OutboxDepth));
        Assert.All(f.Capture.Points(ServiceDeskTelemetry.Metrics.OutboxAge), p => Assert.True(p.Value >= 0));
        Assert.Contains(f.Capture.Points(ServiceDeskTelemetry.Metrics.OrchestrationsRunning),
            p => Equals(p.Tags.GetValueOrDefault(ServiceDeskTelemetry.Reason), "ApprovalOrchestrator"));
        Assert.NotNull(run.Request);
    }

    [Fact]
    public async Task No_name_or_address_of_the_run_reaches_a_log_a_span_or_a_metric()
    {
        await f.RunAsync();
        var texts = f.Capture.AllText().ToList();
        // The scan must have something to scan: logs from the app at every level and spans of the run.
        Assert.Contains(f.Capture.Logs, l => l.Category.StartsWith("ServiceDesk.", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Where.StartsWith("span ServiceDesk/", StringComparison.Ordinal));

        var leaks = texts
            .SelectMany(t => TelemetryHostFixture.PersonalData
                .Where(pii => t.Text.Contains(pii, StringComparison.OrdinalIgnoreCase))
                .Select(pii => $"{pii} in {t.Where}: {Clip(t.Text)}"))
            .Distinct()
            .ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} leaks of personal data:\n" + string.Join("\n", leaks.Take(40)));
    }

    private static HashSet<ActivitySpanId> Ancestors(Activity span, IReadOnlyList<Activity> all)
    {
        var byId = all.GroupBy(s => s.SpanId).ToDictionary(g => g.Key, g => g.First());
        var result = new HashSet<ActivitySpanId>();
        for (var parent = span.ParentSpanId; parent != default && result.Add(parent) && byId.TryGetValue(parent, out var p); parent = p.ParentSpanId)
        {
        }
        return result;
    }

    private static string Clip(string text) => text.Length <= 200 ? text : text[..200] + "…";

    /// <summary>The span and metric names in the tables of docs/telemetry.md (first cell, in backticks).</summary>
    private static (List<string> Spans, List<string> Metrics) Documented()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docs", "telemetry.md"));
        List<string> Section(string heading)
        {
            var start = text.IndexOf("\n## " + heading, StringComparison.Ordinal);
            Assert.True(start >= 0, $"docs/telemetry.md has no '## {heading}' section");
            var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
            var body = end < 0 ? text[start..] : text[start..end];
            return FirstCell().Matches(body).Select(m => m.Groups[1].Value).ToList();
        }
        return (Section("Spans"), Section("Metrics"));
    }

    [GeneratedRegex(@"^\| `([a-z_.]+)` \|", RegexOptions.Multiline)]
    private static partial Regex FirstCell();
}

/// <summary>
/// The telemetry tests' collection, run with nothing beside it: an ActivityListener and a MeterListener see every host
/// in the test process, so spans of another collection's host (whose tickets have the same numbers) would mix in.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "telemetry";
}
