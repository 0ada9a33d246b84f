using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.MajorIncidents;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Benchmarks.Harness;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;

namespace ServiceDesk.Benchmarks.MajorIncidents;

/// <summary>
/// Major incidents, on one in-memory Azurite in the app's real composition:
/// 1. the auto-link check on every create (<see cref="MajorIncidentAutoLink"/>, fed by <see cref="MajorIncidentCatalog"/>):
///    N creates through <see cref="TicketCommands.CreateAsync"/> in four phases — (a) no major incident, (b) one open for
///    another customer, (c) one open for this customer that none of the created tickets matches, (d) creates that match
///    it and are linked — each interleaved in slices of 100 with as many raw single inserts on the same Azurite (ratio = creates/s ÷ raw inserts/s);
/// 2. the broadcast: <see cref="IMajorIncidentStore.PutSettingsAsync"/> with S subscribers (default 5,000; one row each),
///    again with the same list, <see cref="IMajorIncidentStore.GetSettingsAsync"/>; then, for the first update of a major
///    incident, <see cref="MajorIncidentBroadcasts.PlanAsync"/> alone, <see cref="MajorIncidentBroadcasts.RunAsync"/>
///    (outbox rows + queue messages), and RunAsync again (everything already written: the idempotent re-run).
///    Recipients are the subscribers (the master ticket's requester is one of them), plus, with --open-tickets T, the
///    requesters of T open tickets on the affected service, seeded through the ticket store with distinct requesters.
/// Storage requests are the app's table requests (<see cref="StorageRequestCounter"/>); queue messages are counted as the
/// queue's approximate message count, which nothing drains here.
/// </summary>
public static class MajorIncidentBenchmark
{
    private const string Customer = "contoso";
    private const string Other = "fabrikam";
    private const string BroadcastCustomer = "northwind";
    private const int SliceSize = 100;

    public sealed record Options(int Creates, int Concurrency, int Subscribers, int OpenTickets);

    public const string Usage = """
        ServiceDesk major-incident benchmark: storage requests and rate of ticket creates with the auto-link check
        (no major incident / one for another customer / one for this customer, no match / matching creates), next to raw
        inserts on the same Azurite; then storing S subscribers, and planning and running the broadcast of one update to them.

        dotnet run -c Release --project tests/ServiceDesk.Benchmarks -- major-incidents [options]

          -n, --creates N         creates per phase, and as many raw inserts interleaved (default 1,000; --quick: 200)
          -c, --concurrency C     creates and raw inserts in flight (default 32)
          --subscribers S         the broadcast customer's subscribers, stored with PutSettingsAsync (default 5,000; --quick: 500; at most 10,000)
          --open-tickets T        also T open tickets on the service with distinct requesters, recipients too (default 0)
          --quick                 small smoke run
          -h, --help              this text
        """;

    public static async Task<int> MainAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var o = quick ? new Options(200, 32, 500, 0) : new Options(1_000, 32, 5_000, 0);
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
                case "-n" or "--creates" when ok && v >= 1: o = o with { Creates = v }; break;
                case "-c" or "--concurrency" when ok && v >= 1: o = o with { Concurrency = v }; break;
                case "--subscribers" when ok && v >= 1 && v <= MajorIncidentSettingsAdministration.MaxSubscribers: o = o with { Subscribers = v }; break;
                case "--open-tickets" when ok: o = o with { OpenTickets = v }; break;
                default:
                    Console.Error.WriteLine($"Bad option '{a}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
            i++;
        }
        return await RunAsync(o);
    }

    private sealed record Phase(string Name, int Creates, int Linked, long Requests, double Seconds, double RawPerSecond)
    {
        public double PerSecond => Creates / Seconds;
    }

    private static Caller EndUser(int i, string customer = Customer) =>
        new("u" + (i % 100), "User " + (i % 100), $"u{i % 100}@{customer}.se", customer, new HashSet<Role> { Role.EndUser }, []);

    private static readonly Caller Admin = new("admin", "Admin", "admin@supplier.se", "supplier", new HashSet<Role> { Role.Admin }, [Caller.AllCustomers]);

    private static CreateTicketInput Input(string service, int i) => new()
    {
        Kind = nameof(TicketKind.Incident),
        Title = $"Benchmark incident {i}",
        Description = "Created by the major-incidents benchmark.",
        Service = service,
        Impact = "Low",
        Urgency = "Low",
    };

    public static async Task<int> RunAsync(Options o)
    {
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] major-incidents: {o}");
        await using var app = await BenchmarkApp.StartAsync(inMemoryAzurite: true);
        foreach (var c in new[] { Customer, Other, BroadcastCustomer })
        {
            await app.SeedCustomerAsync(c);
        }
        var counter = app.Get<StorageRequestCounter>();
        var commands = app.Get<TicketCommands>();
        var catalog = app.Get<MajorIncidentCatalog>();
        var majorIncidents = app.Get<ServiceDesk.Application.MajorIncidents.MajorIncidents>();

        // The app's startup warm-up (TicketNumberWarmup), in order.
        await app.Get<TableTicketNumberAllocator>().WarmUpAsync(CancellationToken.None);
        var directory = app.Get<Infrastructure.Customers.TableCustomerDirectory>();
        await directory.WarmUpAsync(CancellationToken.None);
        await app.Get<ServiceDesk.Application.ServiceLevels.ServiceLevelCatalog>().WarmUpAsync(
            (await directory.ListAsync(CancellationToken.None)).Select(c => c.Id), CancellationToken.None);
        await catalog.OpenAsync(CancellationToken.None);

        var raw = new TableClient(app.ConnectionString, app.TablePrefix + "RawMi");
        await raw.CreateIfNotExistsAsync();
        var rawNext = 0;
        async Task<double> RawAsync(int n)
        {
            var start = Interlocked.Add(ref rawNext, n) - n;
            var watch = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(start, n), new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (i, ct) =>
                await raw.AddEntityAsync(new TableEntity("p" + i.ToString("D8", CultureInfo.InvariantCulture), "r") { ["Text"] = "raw", ["N"] = i }, ct));
            return n / watch.Elapsed.TotalSeconds;
        }

        var createNext = 0;
        // Creates and raw inserts interleaved in slices (raw, create, create, raw, …) so both see the same outside load.
        async Task<Phase> PhaseAsync(string name, string service, int n)
        {
            var linked = 0;
            var requests = 0L;
            var createSeconds = 0.0;
            var rawSeconds = 0.0;
            var slice = Math.Max(1, Math.Min(n, SliceSize));
            var k = 0;
            for (var done = 0; done < n; done += slice, k++)
            {
                var size = Math.Min(slice, n - done);
                async Task CreatesAsync()
                {
                    var before = counter.Count;
                    var watch = Stopwatch.StartNew();
                    await Parallel.ForEachAsync(Enumerable.Range(Interlocked.Add(ref createNext, size) - size, size), new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (i, ct) =>
                    {
                        var result = await commands.CreateAsync(EndUser(i), Input(service, i), null, ct);
                        if (result.Ticket.State.Links.Any(l => l.Type == LinkType.Parent))
                        {
                            Interlocked.Increment(ref linked);
                        }
                    });
                    createSeconds += watch.Elapsed.TotalSeconds;
                    requests += counter.Count - before;
                }
                if (k % 2 == 0)
                {
                    rawSeconds += size / await RawAsync(size);
                    await CreatesAsync();
                }
                else
                {
                    await CreatesAsync();
                    rawSeconds += size / await RawAsync(size);
                }
            }
            var phase = new Phase(name, n, linked, requests, createSeconds, n / rawSeconds);
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {name}: {phase.PerSecond:F0} creates/s, raw {phase.RawPerSecond:F0}/s, {phase.Requests / (double)n:F3} requests/create, {linked} linked");
            return phase;
        }

        // Warm-up: JIT, connections, number blocks, tables: a discarded phase of half the size (at least 2×C), no major incident open.
        await PhaseAsync("warm-up (discarded)", "email", Math.Max(o.Concurrency * 2, o.Creates / 2));

        var phases = new List<Phase>();
        phases.Add(await PhaseAsync("(a) no major incident open", "email", o.Creates));

        await DeclareAsync(commands, majorIncidents, Other, "email");
        await catalog.OpenAsync(CancellationToken.None);   // declaring forgets the list; the next create would load it
        phases.Add(await PhaseAsync("(b) one open for another customer (same service)", "email", o.Creates));

        var own = await DeclareAsync(commands, majorIncidents, Customer, "vpn");
        await catalog.OpenAsync(CancellationToken.None);
        phases.Add(await PhaseAsync("(c) also one open for this customer, no match", "email", o.Creates));
        phases.Add(await PhaseAsync("(d) creates that match it (auto-linked)", "vpn", o.Creates));
        var children = await app.Get<IMajorIncidentStore>().ChildrenAsync(own, CancellationToken.None);

        // 2. Broadcast.
        var broadcast = await BroadcastAsync(app, commands, majorIncidents, o);

        Console.WriteLine();
        Console.WriteLine("### ServiceDesk major-incident benchmark");
        Console.WriteLine();
        Console.WriteLine($"- {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} logical CPUs; .NET {Environment.Version}; load average {LoadAverage()}");
        Console.WriteLine($"- one in-memory Azurite; {o.Creates:N0} creates per phase through `TicketCommands.CreateAsync` (end users of `{Customer}`, incidents), {o.Concurrency} in flight; as many raw `AddEntity` (2 properties, own partition), {o.Concurrency} in flight, interleaved with the creates in slices of {SliceSize} (raw, create, create, raw, …); catalogs warmed as `TicketNumberWarmup` does, then a discarded warm-up phase of {Math.Max(o.Concurrency * 2, o.Creates / 2):N0} creates; storage requests = the app's table requests (`StorageRequestCounter`)");
        Console.WriteLine();
        Console.WriteLine("| phase | creates | linked | table requests per create | creates/s | raw inserts/s (interleaved) | creates/s ÷ raw inserts/s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var p in phases)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {p.Name} | {p.Creates:N0} | {p.Linked:N0} | {p.Requests / (double)p.Creates:F3} | {p.PerSecond:F0} | {p.RawPerSecond:F0} | {100 * p.PerSecond / p.RawPerSecond:F0}% |"));
        }
        var baseline = phases[0].Requests / (double)phases[0].Creates;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Added table requests per create against (a): (b) {phases[1].Requests / (double)phases[1].Creates - baseline:+0.000;-0.000;0.000}, (c) {phases[2].Requests / (double)phases[2].Creates - baseline:+0.000;-0.000;0.000}, (d) {phases[3].Requests / (double)phases[3].Creates - baseline:+0.000;-0.000;0.000}; child rows of the matched major incident: {children.Count:N0}."));
        Console.WriteLine();
        broadcast.Print();
        Console.WriteLine();

        BenchmarkCheckException.Require(phases[..3].All(p => p.Linked == 0), "a create in phases (a) to (c) was linked");
        BenchmarkCheckException.Require(phases[3].Linked == o.Creates && children.Count == o.Creates, $"phase (d) linked {phases[3].Linked} creates, {children.Count} child rows, expected {o.Creates}");
        BenchmarkCheckException.Require(broadcast.Run.Mailed == broadcast.Run.Recipients && broadcast.Rerun.Mailed == 0, "the broadcast did not mail each recipient exactly once");
        BenchmarkCheckException.Require(broadcast.Planned == o.Subscribers + o.OpenTickets && broadcast.Run.Recipients == broadcast.Planned,
            $"planned {broadcast.Planned} recipients, expected {o.Subscribers + o.OpenTickets} (the subscribers + the open-ticket requesters)");
        return 0;
    }

    /// <summary>Declares a major incident (staff) for <paramref name="customer"/> on <paramref name="service"/> from a new incident of that customer.</summary>
    private static async Task<string> DeclareAsync(TicketCommands commands, ServiceDesk.Application.MajorIncidents.MajorIncidents majorIncidents, string customer, string service, Caller? requester = null)
    {
        var master = await commands.CreateAsync(requester ?? EndUser(0, customer), Input(service, 0) with { Title = $"{service} down at {customer}" }, null, CancellationToken.None);
        var declared = await majorIncidents.DeclareAsync(Admin, new DeclareMajorIncidentInput
        {
            FromTicket = master.Ticket.State.Number,
            Customers = [customer],
            Services = [service],
            Impact = new TextInput($"{service} ligger nere", $"{service} is down"),
            Message = new TextInput("Vi arbetar på det.", "We are working on it."),
        }, null, CancellationToken.None);
        BenchmarkCheckException.Require(declared.Created, $"the major incident for {customer} was not declared");
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] declared major incident {declared.Incident.Id} for {customer}, service {service}");
        return declared.Incident.Id;
    }

    private sealed record Timed(long Requests, double Ms);

    private sealed record Broadcast(
        int Subscribers, Timed Put, Timed PutAgain, Timed Get, int OpenTickets, double SeedSeconds,
        int Planned, Timed Plan,
        MajorIncidentBroadcasts.Result Run, Timed RunT, long RunQueueMessages,
        MajorIncidentBroadcasts.Result Rerun, Timed RerunT)
    {
        public void Print()
        {
            var sending = new MailSendingOptions();
            var mix = OpenTickets > 0
                ? string.Create(CultureInfo.InvariantCulture, $" + {OpenTickets:N0} open tickets on the service with distinct requesters (seeded through `ITicketStore.InsertAsync` in {SeedSeconds:F0} s)")
                : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"- broadcast of the first update of a major incident for `{BroadcastCustomer}` on one service: {Subscribers:N0} subscribers in its settings (one `sub|{{address}}` row each, all services){mix}; the master ticket's requester is one of the subscribers"));
            Console.WriteLine();
            Console.WriteLine("| step | subscribers / recipients | mails written | table requests | table requests per subscriber / recipient | queue messages | ms | per s |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            void Row(string step, int n, string mailed, Timed t, string queued) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {step} | {n:N0} | {mailed} | {t.Requests:N0} | {t.Requests / (double)n:F4} | {queued} | {t.Ms:F0} | {n / (t.Ms / 1000):F0} |"));
            Row("`PutSettingsAsync` (new subscribers)", Subscribers, "–", Put, "–");
            Row("`PutSettingsAsync` again (same list)", Subscribers, "–", PutAgain, "–");
            Row("`GetSettingsAsync`", Subscribers, "–", Get, "–");
            Row("`PlanAsync` alone", Planned, "–", Plan, "–");
            Row("`RunAsync` (plan + outbox)", Run.Recipients, Run.Mailed.ToString("N0", CultureInfo.InvariantCulture), RunT, RunQueueMessages.ToString("N0", CultureInfo.InvariantCulture));
            Row("`RunAsync` again (all written)", Rerun.Recipients, Rerun.Mailed.ToString("N0", CultureInfo.InvariantCulture), RerunT, "–");
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Sending (computed, not measured): at the default throttles (GlobalPerMinute {sending.GlobalPerMinute}, GlobalPerHour {sending.GlobalPerHour}) the outbox sends {Run.Mailed:N0} mails in {Run.Mailed:N0} / {sending.GlobalPerHour} per hour = {Run.Mailed / (double)sending.GlobalPerHour:F0} hours; in general hours = mails / min(GlobalPerHour, 60 × GlobalPerMinute), plus whatever else the outbox is sending."));
        }
    }

    private static async Task<Broadcast> BroadcastAsync(BenchmarkApp app, TicketCommands commands, ServiceDesk.Application.MajorIncidents.MajorIncidents majorIncidents, Options o)
    {
        var counter = app.Get<StorageRequestCounter>();
        var store = app.Get<IMajorIncidentStore>();
        var now = DateTimeOffset.UtcNow;
        const string service = "erp";
        MajorIncidentSubscriber Subscriber(int i) => new($"subscriber{i:D5}@{BroadcastCustomer}.se", $"Subscriber {i:D5}", i % 2 == 0 ? Language.Sv : Language.En, []);
        var settings = new MajorIncidentSettings(BroadcastCustomer, false, true, MajorIncidentSettings.DefaultStormThreshold,
            Enumerable.Range(1, o.Subscribers).Select(Subscriber).ToList(), now);

        async Task<(T Value, Timed Timed)> MeasureAsync<T>(string what, Func<Task<T>> action)
        {
            var before = counter.Count;
            var watch = Stopwatch.StartNew();
            var value = await action();
            var timed = new Timed(counter.Count - before, watch.Elapsed.TotalMilliseconds);
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {what}: {timed.Requests:N0} requests, {timed.Ms:F0} ms");
            return (value, timed);
        }

        var (_, put) = await MeasureAsync("put settings", async () => { await store.PutSettingsAsync(settings, CancellationToken.None); return 0; });
        var (_, putAgain) = await MeasureAsync("put settings again", async () => { await store.PutSettingsAsync(settings, CancellationToken.None); return 0; });
        var (read, get) = await MeasureAsync("get settings", () => store.GetSettingsAsync(BroadcastCustomer, CancellationToken.None));
        BenchmarkCheckException.Require(read?.Subscribers.Count == o.Subscribers, $"read {read?.Subscribers.Count} subscribers back, stored {o.Subscribers}");

        // Optionally, open tickets on the service, distinct requesters, through the ticket store (ticket partition, customer index with the requester).
        var allocator = app.Get<ITicketNumberAllocator>();
        var tickets = app.Get<ITicketStore>();
        var seedWatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(1, o.OpenTickets), new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (i, ct) =>
        {
            var requester = new Requester($"r{i:D5}", $"Requester {i:D5}", $"requester{i:D5}@{BroadcastCustomer}.se", null, i % 3 == 0 ? Language.En : Language.Sv);
            var number = await allocator.NextAsync(TicketKind.Incident, ct);
            var ticket = Ticket.Open(number,
                new TicketDraft(TicketKind.Incident, BroadcastCustomer, requester, Channel.Portal, $"ERP problem {i}", "Seeded by the major-incidents benchmark.",
                    null, service, null, Impact.Low, Urgency.Low),
                new Actor(requester.Id, requester.Name), now.AddSeconds(-i));
            await tickets.InsertAsync(ticket, ct);
        });
        var seedSeconds = seedWatch.Elapsed.TotalSeconds;
        if (o.OpenTickets > 0)
        {
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {o.OpenTickets:N0} open tickets seeded in {seedSeconds:F0} s");
        }

        // The master ticket's requester is subscriber 1, so the recipients are exactly the subscribers (+ the open-ticket requesters).
        var first = Subscriber(1);
        var id = await DeclareAsync(commands, majorIncidents, BroadcastCustomer, service,
            new Caller("s1", first.Name, first.Email, BroadcastCustomer, new HashSet<Role> { Role.EndUser }, []));
        var incident = (await store.FindAsync(id, CancellationToken.None))!.Value.Incident;
        var children = await store.ChildrenAsync(id, CancellationToken.None);
        var broadcasts = app.Get<MajorIncidentBroadcasts>();

        var (planned, plan) = await MeasureAsync("plan", () => broadcasts.PlanAsync(incident, children, CancellationToken.None));

        var queue = new QueueClient(app.ConnectionString, MailQueue.Name);
        async Task<long> QueuedAsync() => await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
        var queuedBefore = await QueuedAsync();
        var (run, runT) = await MeasureAsync("run", () => broadcasts.RunAsync(new BroadcastRequest(id, 0), CancellationToken.None));
        var queued = await QueuedAsync() - queuedBefore;
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] run: {run}, {queued:N0} queue messages");
        var (rerun, rerunT) = await MeasureAsync("run again", () => broadcasts.RunAsync(new BroadcastRequest(id, 0), CancellationToken.None));

        return new Broadcast(o.Subscribers, put, putAgain, get, o.OpenTickets, seedSeconds, planned.Count, plan, run, runT, queued, rerun, rerunT);
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
