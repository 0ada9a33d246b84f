using System.Diagnostics;
using Azure.Data.Tables;
using ServiceDesk.Application.Problems.Samples;
using ServiceDesk.Infrastructure.Problems;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ServiceDesk.IntegrationTests.Problems;

/// <summary>Runs only when SERVICEDESK_PROBLEMS_BENCHMARK is set (minutes; asserts only that the incremental run is cheap).</summary>
public sealed class ProblemBenchmarkFactAttribute : FactAttribute
{
    public ProblemBenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SERVICEDESK_PROBLEMS_BENCHMARK") is null)
        {
            Skip = "Set SERVICEDESK_PROBLEMS_BENCHMARK=1 to run the problem-management benchmark.";
        }
    }
}

/// <summary>
/// Statistics and detection over N stored incidents (default 100,000; SERVICEDESK_PROBLEMS_BENCHMARK_INCIDENTS), then
/// the incremental run after 1,000 new ones: times and storage requests (StorageRequestCounter). Seeding bypasses the
/// API: ticket rows (one partition each: single inserts, 64 in flight) and change-feed rows (entity-group batches of
/// 100 in the customer partition) are written directly in the stored layout, as the ticket store would.
/// </summary>
public sealed class ProblemBenchmark(ITestOutputHelper output)
{
    [ProblemBenchmarkFact]
    public async Task Statistics_and_detection_over_stored_incidents_then_incrementally()
    {
        var total = int.Parse(Environment.GetEnvironmentVariable("SERVICEDESK_PROBLEMS_BENCHMARK_INCIDENTS") ?? "100000");
        await using var app = await TestApp.StartAsync();
        var defaults = new SampleStreamOptions();
        var scale = total / 2700.0;
        var now = DateTimeOffset.UtcNow;
        var options = defaults with
        {
            End = now.AddHours(-1),
            Customers = defaults.Customers.Select(c => c with { IncidentsPerWorkday = (int)Math.Round(c.IncidentsPerWorkday * scale) }).ToList(),
        };
        foreach (var c in options.Customers)
        {
            await app.SeedCustomerAsync(c.Id);
        }
        var stream = IncidentStreamGenerator.Generate(7, options);
        var seedWatch = Stopwatch.StartNew();
        var seeded = await SeedAsync(app, stream.Incidents, 0);
        output.WriteLine($"seeded {seeded:N0} incidents directly in {seedWatch.Elapsed.TotalSeconds:F0} s");

        var counter = app.Get<StorageRequestCounter>();
        var updater = app.Get<StatisticsUpdater>();
        var detection = app.Get<ProblemDetectionJob>();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);

        var watch = Stopwatch.StartNew();
        var before = counter.Count;
        var full = await updater.RunAsync(CancellationToken.None);
        output.WriteLine($"full statistics: {full.Applied:N0} tickets in {watch.Elapsed.TotalSeconds:F1} s, {counter.Count - before:N0} requests");
        watch.Restart();
        before = counter.Count;
        var detected = await detection.RunAsync(CancellationToken.None);
        output.WriteLine($"full detection: {detected.Facts:N0} incidents in horizon, {detected.Findings} findings, {detected.Created} candidates in {watch.Elapsed.TotalSeconds:F1} s, {counter.Count - before:N0} requests");

        // 1,000 new incidents: copies of recent ones with new numbers, written after the full run (so their change
        // rows are after its watermark, as new work is).
        var random = new Random(11);
        var recent = stream.Incidents.TakeLast(5000).ToList();
        var freshAt = DateTimeOffset.UtcNow;
        var fresh = Enumerable.Range(0, 1000).Select(i => recent[random.Next(recent.Count)] with
        {
            CreatedAt = freshAt.AddMilliseconds(i),
            FirstResponseAfter = null,
            ResolvedAfter = null,
            ReopenAfter = [],
        }).ToList();
        await SeedAsync(app, fresh, seeded);

        watch.Restart();
        before = counter.Count;
        var incrementalStats = await updater.RunAsync(CancellationToken.None);
        var statsElapsed = watch.Elapsed;
        var requests = counter.Count - before;
        output.WriteLine($"incremental statistics after 1,000 new: {incrementalStats.Applied:N0} tickets in {statsElapsed.TotalSeconds:F1} s, {requests:N0} storage requests");
        watch.Restart();
        before = counter.Count;
        var incremental = await detection.RunAsync(CancellationToken.None);
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: false);
        output.WriteLine($"detection after that: {watch.Elapsed.TotalSeconds:F1} s, {counter.Count - before:N0} storage requests (reads the horizon), {incremental.Created} new candidates");
        output.WriteLine($"managed heap before runs {memoryBefore / 1e6:F0} MB (includes the generated stream), after {memoryAfter / 1e6:F0} MB");
        Assert.True(requests < 10 * 1000 + 2_000, $"{requests} requests for 1,000 new incidents");
    }

    private static async Task<int> SeedAsync(TestApp app, IReadOnlyList<SampleIncident> incidents, int offset)
    {
        var tickets = new TableClient(app.ConnectionString, app.TablePrefix + "Tickets");
        var index = new TableClient(app.ConnectionString, app.TablePrefix + "TicketIndex");
        await tickets.CreateIfNotExistsAsync();
        await index.CreateIfNotExistsAsync();
        var rows = incidents.Select((i, n) => (Number: $"INC-{offset + n + 1:D6}", Incident: i)).ToList();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (r, ct) =>
            await tickets.UpsertEntityAsync(TicketRow(r.Number, r.Incident), TableUpdateMode.Replace, ct));
        var batches = rows.GroupBy(r => r.Incident.CustomerId).SelectMany(g => g.Chunk(100)).ToList();
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
            await index.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(r.Incident.CustomerId, $"c|{Updated(r.Incident).UtcTicks:D19}|{r.Number}|{1:D10}") { ["Number"] = r.Number, ["Version"] = 1L })), ct));
        return rows.Count;
    }

    private static DateTimeOffset Updated(SampleIncident i) => i.CreatedAt + (i.ResolvedAfter ?? i.FirstResponseAfter ?? TimeSpan.Zero);

    /// <summary>The Tickets row layout of Infrastructure's TicketRows (final state: resolved or open, reopen count).</summary>
    private static TableEntity TicketRow(string number, SampleIncident i)
    {
        var resolved = i.ResolvedAfter is { } r ? i.CreatedAt + r : (DateTimeOffset?)null;
        return new TableEntity(number, "ticket")
        {
            ["Kind"] = "Incident", ["CustomerId"] = i.CustomerId, ["RequesterId"] = i.RequesterId, ["RequesterName"] = i.RequesterName,
            ["RequesterEmail"] = null, ["RequesterPhone"] = null, ["RequesterLanguage"] = i.Language.ToString(), ["Channel"] = i.Channel.ToString(),
            ["Title"] = i.Title, ["Description"] = i.Description, ["Category"] = i.Category, ["Service"] = i.Service,
            ["ConfigurationItem"] = i.ConfigurationItem, ["Impact"] = i.Impact.ToString(), ["Urgency"] = i.Urgency.ToString(),
            ["Status"] = resolved is null ? "InProgress" : "Resolved", ["CreatedById"] = "seed", ["CreatedByName"] = "Seed",
            ["CreatedAt"] = i.CreatedAt, ["UpdatedAt"] = Updated(i),
            ["FirstResponseAt"] = i.FirstResponseAfter is { } f ? i.CreatedAt + f : null, ["ResolvedAt"] = resolved,
            ["ReopenCount"] = i.ReopenAfter.Count, ["Links"] = "[]", ["Watchers"] = "[]", ["ActivityCount"] = 1, ["Version"] = 1L,
        };
    }
}
