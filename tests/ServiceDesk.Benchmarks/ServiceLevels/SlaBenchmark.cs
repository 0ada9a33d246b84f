using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Benchmarks.Harness;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Benchmarks.ServiceLevels;

/// <summary>
/// The escalation timer (<see cref="SlaEscalations.RunAsync"/>) over N open tickets with service levels, D of them
/// with their next escalation step due: storage requests and wall time of one run, of a second run right after
/// (nothing due), and the raw point-read rate on the same Azurite in the same run. The same measurement with a small
/// number of open tickets (default 1,000) comes first, each size on a fresh in-memory Azurite, so the two request
/// counts can be set side by side: they grow with the due tickets, not with the open ones.
/// Seeding goes through the real ticket store (<see cref="ITicketStore.InsertAsync"/>: ticket partition transaction,
/// customer index transaction, due-index row), with the clocks started by the domain (<see cref="SlaClock.Advance"/>)
/// at each ticket's creation time: open tickets created up to 90 minutes ago (first step, 50% of 4 h, due in 30 to
/// 120 minutes), due tickets created 150 minutes ago (50% step due 30 minutes ago, 75% step due in 30 minutes).
/// </summary>
public static class SlaBenchmark
{
    private const string Customer = "contoso";
    private static readonly SlaPolicy Policy = new()
    {
        Name = "standard",
        Calendar = SlaPolicy.AlwaysOpenCalendarName,
        Resolution = TimeSpan.FromHours(4),
    };

    public sealed record Options(int Open, int Due, int CompareOpen, int Reads, int Concurrency);

    public const string Usage = """
        ServiceDesk SLA escalation benchmark: one SlaEscalations run over N open tickets with D due (requests, time),
        a second run with nothing due, and the raw point-read rate on the same Azurite; first with a small N to compare.

        dotnet run -c Release --project tests/ServiceDesk.Benchmarks -- sla [options]

          -n, --open N            open tickets with service levels (default 100,000; --quick: 2,000)
          --due D                 of them, tickets whose next escalation step is due (default 100; --quick: 20)
          --compare-open K        first the same measurement with K open tickets, D due (default 1,000; --quick: 200; 0: skip)
          --reads R               raw point reads for the rate (default 2,000; --quick: 500)
          -c, --concurrency C     raw point reads and seeding inserts in flight (default 64)
          --quick                 small smoke run
          -h, --help              this text
        """;

    public static async Task<int> MainAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var o = quick ? new Options(2_000, 20, 200, 500, 64) : new Options(100_000, 100, 1_000, 2_000, 64);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help" or "-?")
            {
                Console.WriteLine(Usage);
                return 0;
            }
            if (a == "--quick")
            {
                continue;
            }
            var ok = int.TryParse(i + 1 < args.Length ? args[i + 1] : null, NumberStyles.None, CultureInfo.InvariantCulture, out var v);
            switch (a)
            {
                case "-n" or "--open" when ok && v >= 1: o = o with { Open = v }; break;
                case "--due" when ok && v >= 1: o = o with { Due = v }; break;
                case "--compare-open" when ok: o = o with { CompareOpen = v }; break;
                case "--reads" when ok && v >= 1: o = o with { Reads = v }; break;
                case "-c" or "--concurrency" when ok && v >= 1: o = o with { Concurrency = v }; break;
                default:
                    Console.Error.WriteLine($"Bad option '{a}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
            i++;
        }
        if (o.Due > o.Open || (o.CompareOpen > 0 && o.Due > o.CompareOpen) || o.Due > SlaEscalations.MaxPerRun)
        {
            Console.Error.WriteLine($"--due must be at most the open tickets and at most {SlaEscalations.MaxPerRun} (one run's maximum).");
            return 2;
        }
        return await RunAsync(o);
    }

    private sealed record Row(
        int Open, int Due, double SeedSeconds, long SeedRequests,
        SlaEscalations.Result First, long FirstRequests, double FirstMs,
        SlaEscalations.Result Second, long SecondRequests, double SecondMs,
        double RawReadsPerSecond);

    public static async Task<int> RunAsync(Options o)
    {
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] sla: {o}");
        var rows = new List<Row>();
        foreach (var open in o.CompareOpen > 0 ? new[] { o.CompareOpen, o.Open } : [o.Open])
        {
            rows.Add(await MeasureAsync(open, o));
        }
        var process = Process.GetCurrentProcess();
        Console.WriteLine();
        Console.WriteLine($"### ServiceDesk SLA escalation benchmark");
        Console.WriteLine();
        Console.WriteLine($"- {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}; load average {LoadAverage()}");
        Console.WriteLine($"- each size on a fresh in-memory Azurite; policy `{Policy.Name}` (24x7, resolution 4 h, steps 50/75/100%); raw point reads: {o.Reads:N0} `GetEntity` of random ticket rows, {o.Concurrency} in flight; `SlaEscalations` runs up to 8 tickets at a time");
        Console.WriteLine();
        Console.WriteLine("| open tickets | due | seeding | run 1: due / escalated / steps | run 1 requests | run 1 ms | run 1 requests per due ticket | run 2 (nothing due): requests | run 2 ms | raw point reads/s | run 1 requests/s ÷ raw reads/s | run 1 time ÷ time of as many raw reads |");
        Console.WriteLine("|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var rate = r.FirstRequests / (r.FirstMs / 1000);
            var rawTimeMs = r.FirstRequests / r.RawReadsPerSecond * 1000;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Open:N0} | {r.Due:N0} | {r.SeedSeconds:F0} s, {r.SeedRequests:N0} requests | {r.First.Due} / {r.First.Escalated} / {r.First.Steps} | {r.FirstRequests:N0} | {r.FirstMs:F0} | {r.FirstRequests / (double)Math.Max(1, r.First.Due):F2} | {r.SecondRequests:N0} | {r.SecondMs:F0} | {r.RawReadsPerSecond:N0} | {100 * rate / r.RawReadsPerSecond:F0}% | {r.FirstMs / rawTimeMs:F1}× |"));
        }
        Console.WriteLine();
        return 0;
    }

    private static async Task<Row> MeasureAsync(int open, Options o)
    {
        await using var app = await BenchmarkApp.StartAsync(inMemoryAzurite: true);
        await app.SeedCustomerAsync(Customer);
        var now = DateTimeOffset.UtcNow;
        var stored = await app.Get<IServiceLevelStore>().TryAddPoliciesAsync(
            new SlaPolicySet(Customer, 1, [Policy], "service.manager@contoso.se", "Service Manager", Language.Sv, now, "benchmark"),
            CancellationToken.None);
        BenchmarkCheckException.Require(stored, "policy set version 1 was not stored");

        var counter = app.Get<StorageRequestCounter>();
        var store = app.Get<ITicketStore>();
        var every = open / o.Due; // due tickets spread over the number range
        var seedWatch = Stopwatch.StartNew();
        var seedBefore = counter.Count;
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(1, open), new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (i, ct) =>
        {
            var due = i % every == 0 && i / every <= o.Due;
            var createdAt = due ? now.AddMinutes(-150).AddMilliseconds(-i) : now.AddSeconds(-(i % 5400));
            var requester = new Requester("u" + (i % 100), "User " + (i % 100), $"u{i % 100}@contoso.se", null, Language.Sv);
            var ticket = Ticket.Open(new TicketNumber(TicketKind.Incident, i),
                new TicketDraft(TicketKind.Incident, Customer, requester, Channel.Portal, $"Benchmark ticket {i}", "Seeded by the sla benchmark.",
                    null, null, null, Impact.Low, Urgency.Low),
                new Actor(requester.Id, requester.Name), createdAt);
            ticket.ApplySla(SlaClock.Advance(null, Policy, 1, ticket.State, BusinessCalendar.AlwaysOpen, createdAt), createdAt);
            await store.InsertAsync(ticket, ct);
            var n = Interlocked.Increment(ref done);
            if (n % 10_000 == 0)
            {
                Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}]   {n:N0} of {open:N0} tickets seeded ({n / seedWatch.Elapsed.TotalSeconds:F0}/s)");
            }
        });
        var seedSeconds = seedWatch.Elapsed.TotalSeconds;
        var seedRequests = counter.Count - seedBefore;
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {open:N0} open tickets ({o.Due} due) seeded through the ticket store in {seedSeconds:F0} s, {seedRequests:N0} requests");

        var escalations = app.Get<SlaEscalations>();
        var watch = Stopwatch.StartNew();
        var before = counter.Count;
        var first = await escalations.RunAsync(CancellationToken.None);
        var firstMs = watch.Elapsed.TotalMilliseconds;
        var firstRequests = counter.Count - before;
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] run 1: {first}, {firstRequests:N0} requests, {firstMs:F0} ms");

        watch.Restart();
        before = counter.Count;
        var second = await escalations.RunAsync(CancellationToken.None);
        var secondMs = watch.Elapsed.TotalMilliseconds;
        var secondRequests = counter.Count - before;
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] run 2: {second}, {secondRequests:N0} requests, {secondMs:F0} ms");

        // Raw point reads of random ticket rows through the SDK alone (RowKey "ticket|{number}", Infrastructure's TicketRows).
        var table = new TableClient(app.ConnectionString, app.TablePrefix + "Tickets");
        var random = new Random(3);
        var numbers = Enumerable.Range(0, o.Reads).Select(_ => new TicketNumber(TicketKind.Incident, random.Next(1, open + 1)).ToString()).ToList();
        await Parallel.ForEachAsync(numbers.Take(o.Concurrency * 2), new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (number, ct) =>
            await table.GetEntityAsync<TableEntity>(number, "ticket|" + number, cancellationToken: ct)); // warm-up
        watch.Restart();
        await Parallel.ForEachAsync(numbers, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (number, ct) =>
            await table.GetEntityAsync<TableEntity>(number, "ticket|" + number, cancellationToken: ct));
        var rawRate = numbers.Count / watch.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] raw point reads: {rawRate:F0}/s");

        BenchmarkCheckException.Require(first.Due == o.Due && first.Escalated == o.Due,
            $"run 1 found {first.Due} due and escalated {first.Escalated}, expected {o.Due}");
        BenchmarkCheckException.Require(second.Due == 0, $"run 2 found {second.Due} due, expected 0");
        return new Row(open, o.Due, seedSeconds, seedRequests, first, firstRequests, firstMs, second, secondRequests, secondMs, rawRate);
    }

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
