using System.Diagnostics;
using Azure.Data.Tables;
using ServiceDesk.Application.Problems.Samples;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Benchmarks.Cli;
using ServiceDesk.Benchmarks.Harness;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Infrastructure.Problems;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Benchmarks.Problems;

/// <summary>
/// Statistics and detection over N stored incidents (default 100,000; <c>--incidents N</c>), then
/// the incremental run after 1,000 new ones: times and storage requests (StorageRequestCounter). Its own Azurite runs
/// with --inMemoryPersistence (Azurite's disk store rewrites its whole database file every 5 s, which at this size
/// dominates every request). Seeding goes through the real ticket store (<see cref="ITicketStore.InsertAsync"/>: the
/// ticket partition transaction and the customer index transaction, so the tables hold exactly what the app writes),
/// with each generated incident's whole history (assign, start, resolve, reopen) applied by the domain before the
/// insert: one ticket, two transactions, instead of the ~15 requests of replaying every step through the API.
/// Takes minutes at the default size; checks only that the incremental run is cheap (exit code 1 if not).
/// </summary>
public static class ProblemBenchmark
{
    public static readonly SizeOption Size = new("problems",
        "ServiceDesk problem-management benchmark: statistics and detection over N stored incidents, then incrementally after 1,000 new ones.",
        "incidents", "stored incidents", Default: 100_000, Quick: 5_000);

    public static async Task<int> RunAsync(int total)
    {
        await using var app = await BenchmarkApp.StartAsync(inMemoryAzurite: true);
        var now = DateTimeOffset.UtcNow;
        var stream = IncidentStreamGenerator.Generate(7, Scaled(total, now.AddHours(-1)));
        foreach (var c in stream.Incidents.Select(i => i.CustomerId).Distinct())
        {
            await app.SeedCustomerAsync(c);
        }
        var counter = app.Get<StorageRequestCounter>();
        var seedWatch = Stopwatch.StartNew();
        var seedRequests = counter.Count;
        var seeded = await SeedAsync(app, stream.Incidents, 0, now);
        Console.WriteLine($"seeded {seeded:N0} incidents ({stream.Problems.Count} planted problems) through the ticket store in {seedWatch.Elapsed.TotalSeconds:F0} s, {counter.Count - seedRequests:N0} requests");

        var raw = await RawRatesAsync(app, seeded);
        Console.WriteLine($"raw storage in this run (SDK only, 32 in flight, {seeded:N0} tickets stored): {raw.Reads:N0} point reads/s, {raw.Inserts:N0} single inserts/s");

        var updater = app.Get<StatisticsUpdater>();
        var detection = app.Get<ProblemDetectionJob>();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var peak = new PeakHeap();

        var watch = Stopwatch.StartNew();
        var before = counter.Count;
        var full = await updater.RunAsync(CancellationToken.None);
        Console.WriteLine($"full statistics: {full.Applied:N0} tickets in {watch.Elapsed.TotalSeconds:F1} s, {counter.Count - before:N0} requests");
        watch.Restart();
        before = counter.Count;
        var detected = await detection.RunAsync(CancellationToken.None);
        Console.WriteLine($"full detection: {detected.Facts:N0} incidents in horizon, {detected.Findings} findings, {detected.Created} candidates in {watch.Elapsed.TotalSeconds:F1} s, {counter.Count - before:N0} requests");

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
        await SeedAsync(app, fresh, seeded, DateTimeOffset.UtcNow);

        watch.Restart();
        before = counter.Count;
        var incrementalStats = await updater.RunAsync(CancellationToken.None);
        var statsElapsed = watch.Elapsed;
        var requests = counter.Count - before;
        Console.WriteLine($"incremental statistics after 1,000 new: {incrementalStats.Applied:N0} tickets in {statsElapsed.TotalSeconds:F1} s, {requests:N0} storage requests " +
            $"({requests / statsElapsed.TotalSeconds:N0} requests/s = {requests / statsElapsed.TotalSeconds / raw.Reads:P0} of the raw point-read rate; the same number of raw point reads would take {requests / raw.Reads:F1} s)");
        watch.Restart();
        before = counter.Count;
        var incremental = await detection.RunAsync(CancellationToken.None);
        var heapAfterRuns = GC.GetTotalMemory(forceFullCollection: false);
        var liveAfterRuns = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"detection after that (statistics again, then the horizon): {watch.Elapsed.TotalSeconds:F1} s, {counter.Count - before:N0} storage requests, {incremental.Facts:N0} incidents in the horizon, {incremental.Created} new candidates");
        Console.WriteLine($"managed heap: live before the runs {memoryBefore / 1e6:F0} MB (includes the generated stream), highest sampled during the runs " +
            $"{peak.Bytes / 1e6:F0} MB (every 50 ms, garbage included), after them {heapAfterRuns / 1e6:F0} MB with garbage, {liveAfterRuns / 1e6:F0} MB live");
        // Change-feed compaction: first the seeded history (all of it more than a day behind the watermark), then the
        // steady state (one row per ticket left to scan, nothing to delete).
        var compaction = app.Get<ChangeFeedCompaction>();
        foreach (var label in new[] { "first change-feed compaction (the seeded history)", "next change-feed compaction (steady state)" })
        {
            watch.Restart();
            before = counter.Count;
            var compacted = await compaction.RunAsync(CancellationToken.None);
            Console.WriteLine($"{label}: {compacted.Scanned:N0} rows scanned, {compacted.Deleted:N0} deleted in {watch.Elapsed.TotalSeconds:F1} s, {counter.Count - before:N0} storage requests");
        }
        BenchmarkCheckException.Require(seeded >= total, $"{seeded} incidents seeded, {total} asked for");
        BenchmarkCheckException.Require(incrementalStats.Applied == 1000, $"the incremental statistics run applied {incrementalStats.Applied} tickets, not the 1,000 new ones");
        BenchmarkCheckException.Require(requests < 10 * 1000 + 2_000, $"{requests} requests for 1,000 new incidents");
        return 0;
    }

    /// <summary>
    /// The storage rates this run's results are compared with, measured against the same Azurite with the data in it:
    /// 2,000 random point reads of stored ticket rows and 1,000 single-entity inserts into a scratch table, through the
    /// SDK alone. (The ticket row's RowKey layout is Infrastructure's TicketRows, pinned by StorageLayoutTests.)
    /// </summary>
    private static async Task<(double Reads, double Inserts)> RawRatesAsync(BenchmarkApp app, int tickets)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 32 };
        var table = new TableClient(app.ConnectionString, app.TablePrefix + "Tickets");
        var random = new Random(3);
        var numbers = Enumerable.Range(0, 2000).Select(_ => new TicketNumber(TicketKind.Incident, random.Next(1, tickets + 1)).ToString()).ToList();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(numbers, parallel, async (number, ct) =>
            await table.GetEntityAsync<TableEntity>(number, "ticket|" + number, cancellationToken: ct));
        var reads = numbers.Count / watch.Elapsed.TotalSeconds;
        var scratch = new TableClient(app.ConnectionString, app.TablePrefix + "RawScratch");
        await scratch.CreateIfNotExistsAsync();
        watch.Restart();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), parallel, async (i, ct) =>
            await scratch.AddEntityAsync(new TableEntity("p" + i, "r" + i) { ["N"] = i }, ct));
        return (reads, 1000 / watch.Elapsed.TotalSeconds);
    }

    /// <summary>The highest managed heap size (garbage included) sampled every 50 ms while it is alive.</summary>
    private sealed class PeakHeap : IDisposable
    {
        private readonly Timer _timer;
        private long _bytes;

        public PeakHeap() => _timer = new Timer(_ => Sample(), null, 0, 50);

        public long Bytes
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _bytes);
            }
        }

        private void Sample()
        {
            var now = GC.GetTotalMemory(forceFullCollection: false);
            long seen;
            while (now > (seen = Interlocked.Read(ref _bytes)) && Interlocked.CompareExchange(ref _bytes, now, seen) != seen)
            {
            }
        }

        public void Dispose() => _timer.Dispose();
    }

    /// <summary>The default stream, its per-customer volume scaled so the stream has at least <paramref name="total"/> incidents.</summary>
    private static SampleStreamOptions Scaled(int total, DateTimeOffset end)
    {
        var defaults = new SampleStreamOptions { End = end };
        var scale = 1.0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var options = defaults with
            {
                Customers = defaults.Customers.Select(c => c with { IncidentsPerWorkday = (int)Math.Ceiling(c.IncidentsPerWorkday * scale) }).ToList(),
            };
            var count = IncidentStreamGenerator.Generate(7, options).Incidents.Count;
            if (count >= total)
            {
                return options;
            }
            scale *= total * 1.02 / count;
        }
        throw new InvalidOperationException($"Could not scale the sample stream to {total} incidents.");
    }

    private static async Task<int> SeedAsync(BenchmarkApp app, IReadOnlyList<SampleIncident> incidents, int offset, DateTimeOffset now)
    {
        var store = app.Get<ITicketStore>();
        var agent = new Actor("seed-agent", "Seed agent");
        await Parallel.ForEachAsync(incidents.Select((incident, n) => (Incident: incident, Sequence: offset + n + 1)),
            new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (item, ct) =>
            {
                var i = item.Incident;
                var ticket = Ticket.Open(new TicketNumber(TicketKind.Incident, item.Sequence),
                    new TicketDraft(TicketKind.Incident, i.CustomerId, new Requester(i.RequesterId, i.RequesterName, $"{i.RequesterId}@{i.CustomerId}.example", null, i.Language),
                        i.Channel, i.Title, i.Description, i.Category, i.Service, i.ConfigurationItem, i.Impact, i.Urgency),
                    new Actor(i.RequesterId, i.RequesterName), i.CreatedAt);
                foreach (var step in SampleTimeline.Steps(i, now))
                {
                    switch (step.Action)
                    {
                        case SampleAction.Assign: ticket.Assign(SampleTimeline.Group, null, null, agent, step.At); break;
                        case SampleAction.Start: ticket.Start(agent, step.At); break;
                        case SampleAction.Resolve: ticket.Resolve(ResolutionCode.Solved, SampleTimeline.ResolutionNotes, agent, step.At); break;
                        case SampleAction.Reopen: ticket.Reopen(SampleTimeline.ReopenReason, new Actor(i.RequesterId, i.RequesterName), step.At); break;
                    }
                }
                await store.InsertAsync(ticket, ct);
            });
        return incidents.Count;
    }
}
