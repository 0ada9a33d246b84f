using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
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
/// 2. the broadcast of the first update to R recipients (default 5,000): <see cref="MajorIncidentBroadcasts.PlanAsync"/>
///    alone, then <see cref="MajorIncidentBroadcasts.RunAsync"/> (outbox rows + queue messages), then RunAsync again
///    (everything already written: the idempotent re-run). Recipients are the customer's subscribers (at most
///    <see cref="MajorIncidentSettingsAdministration.MaxSubscribers"/>, the admin API's limit) plus the requesters of
///    open tickets on the affected service, seeded through the ticket store with distinct requesters.
/// Storage requests are the app's table requests (<see cref="StorageRequestCounter"/>); queue messages are counted as the
/// queue's approximate message count, which nothing drains here.
/// </summary>
public static class MajorIncidentBenchmark
{
    private const string Customer = "contoso";
    private const string Other = "fabrikam";
    private const string BroadcastCustomer = "northwind";
    private const int MaxPropertyChars = 32_768;
    private const int SliceSize = 100;

    /// <summary>The options the store serialises settings with (Infrastructure's internal SlaJson).</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public sealed record Options(int Creates, int Concurrency, int Recipients);

    public const string Usage = """
        ServiceDesk major-incident benchmark: storage requests and rate of ticket creates with the auto-link check
        (no major incident / one for another customer / one for this customer, no match / matching creates), next to raw
        inserts on the same Azurite; then planning and running the broadcast of one update to R recipients.

        dotnet run -c Release --project tests/ServiceDesk.Benchmarks -- major-incidents [options]

          -n, --creates N         creates per phase, and as many raw inserts interleaved (default 1,000; --quick: 200)
          -c, --concurrency C     creates and raw inserts in flight (default 32)
          --recipients R          broadcast recipients: up to 500 subscribers, the rest open-ticket requesters (default 5,000; --quick: 600)
          --quick                 small smoke run
          -h, --help              this text
        """;

    public static async Task<int> MainAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var o = quick ? new Options(200, 32, 600) : new Options(1_000, 32, 5_000);
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
                case "--recipients" when ok && v >= 2: o = o with { Recipients = v }; break;
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
        return 0;
    }

    /// <summary>Declares a major incident (staff) for <paramref name="customer"/> on <paramref name="service"/> from a new incident of that customer.</summary>
    private static async Task<string> DeclareAsync(TicketCommands commands, ServiceDesk.Application.MajorIncidents.MajorIncidents majorIncidents, string customer, string service)
    {
        var master = await commands.CreateAsync(EndUser(0, customer), Input(service, 0) with { Title = $"{service} down at {customer}" }, null, CancellationToken.None);
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

    private sealed record Broadcast(
        int Subscribers, int SettingsJsonChars, int FullSettingsJsonChars, int MaxApiSettingsJsonChars, string AzuriteTook, int OpenTickets, double SeedSeconds,
        int Planned, long PlanRequests, double PlanMs,
        MajorIncidentBroadcasts.Result Run, long RunRequests, double RunMs, long RunQueueMessages,
        MajorIncidentBroadcasts.Result Rerun, long RerunRequests, double RerunMs, int Recipients)
    {
        public void Print()
        {
            var sending = new MailSendingOptions();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"- broadcast of the first update of a major incident for `{BroadcastCustomer}` on one service: {Subscribers:N0} subscribers in its settings (settings JSON {SettingsJsonChars:N0} characters) + {OpenTickets:N0} open tickets on the service with distinct requesters (seeded through `ITicketStore.InsertAsync` in {SeedSeconds:F0} s) + the master ticket's requester"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"- the settings row keeps the subscribers as JSON in one string property (`Data`); Azure Table storage allows 64 KiB per property (32,768 UTF-16 characters), 1 MiB per entity. {Recipients:N0} subscribers would need {FullSettingsJsonChars:N0} characters; the admin API's maximum of {MajorIncidentSettingsAdministration.MaxSubscribers} (with these short addresses and names) {MaxApiSettingsJsonChars:N0}, both over the limit ({AzuriteTook}); {Subscribers:N0} is the most that fits, and is what was stored"));
            Console.WriteLine();
            Console.WriteLine("| step | recipients | mails written | table requests | table requests per recipient | queue messages | ms | recipients/s |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `PlanAsync` alone | {Planned:N0} | – | {PlanRequests:N0} | {PlanRequests / (double)Planned:F4} | – | {PlanMs:F0} | {Planned / (PlanMs / 1000):F0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `RunAsync` (plan + outbox) | {Run.Recipients:N0} | {Run.Mailed:N0} | {RunRequests:N0} | {RunRequests / (double)Run.Recipients:F3} | {RunQueueMessages:N0} | {RunMs:F0} | {Run.Recipients / (RunMs / 1000):F0} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| `RunAsync` again (all written) | {Rerun.Recipients:N0} | {Rerun.Mailed:N0} | {RerunRequests:N0} | {RerunRequests / (double)Rerun.Recipients:F3} | – | {RerunMs:F0} | {Rerun.Recipients / (RerunMs / 1000):F0} |"));
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
        MajorIncidentSettings With(int count) => new(BroadcastCustomer, false, true, MajorIncidentSettings.DefaultStormThreshold,
            Enumerable.Range(1, count).Select(Subscriber).ToList(), now);
        int Chars(int count) => JsonSerializer.Serialize(With(count), Json).Length;
        // As many subscribers as fit in the settings row's one string property on Azure (64 KiB = 32,768 UTF-16
        // characters), at most the admin API's maximum and half the recipients; the rest are open-ticket requesters.
        var subscribers = Math.Min(MajorIncidentSettingsAdministration.MaxSubscribers, o.Recipients / 2);
        while (subscribers > 1 && Chars(subscribers) > MaxPropertyChars)
        {
            subscribers--;
        }
        var settings = With(subscribers);
        var settingsChars = Chars(subscribers);
        var fullChars = Chars(o.Recipients);
        var maxApiChars = Chars(MajorIncidentSettingsAdministration.MaxSubscribers);
        string azuriteTook;
        try
        {
            await store.PutSettingsAsync(With(o.Recipients), CancellationToken.None);
            azuriteTook = $"Azurite accepted the row with {o.Recipients:N0}";
        }
        catch (Azure.RequestFailedException e)
        {
            azuriteTook = $"Azurite refused the row with {o.Recipients:N0} ({e.Status} {e.ErrorCode})";
        }
        await store.PutSettingsAsync(settings, CancellationToken.None);

        // Open tickets on the service, distinct requesters, through the ticket store (ticket partition, customer index with the requester).
        var open = o.Recipients - subscribers - 1;
        var allocator = app.Get<ITicketNumberAllocator>();
        var tickets = app.Get<ITicketStore>();
        var seedWatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(1, open), new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (i, ct) =>
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
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {subscribers} subscribers ({settingsChars:N0} JSON chars; {o.Recipients:N0} would be {fullChars:N0}), {open:N0} open tickets seeded in {seedSeconds:F0} s");

        var id = await DeclareAsync(commands, majorIncidents, BroadcastCustomer, service);
        var incident = (await store.FindAsync(id, CancellationToken.None))!.Value.Incident;
        var children = await store.ChildrenAsync(id, CancellationToken.None);
        var broadcasts = app.Get<MajorIncidentBroadcasts>();

        var before = counter.Count;
        var watch = Stopwatch.StartNew();
        var planned = await broadcasts.PlanAsync(incident, children, CancellationToken.None);
        var planMs = watch.Elapsed.TotalMilliseconds;
        var planRequests = counter.Count - before;
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] plan: {planned.Count:N0} recipients, {planRequests} requests, {planMs:F0} ms");

        var queue = new QueueClient(app.ConnectionString, MailQueue.Name);
        async Task<long> QueuedAsync() => await queue.ExistsAsync() ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
        var queuedBefore = await QueuedAsync();
        before = counter.Count;
        watch.Restart();
        var run = await broadcasts.RunAsync(new BroadcastRequest(id, 0), CancellationToken.None);
        var runMs = watch.Elapsed.TotalMilliseconds;
        var runRequests = counter.Count - before;
        var queued = await QueuedAsync() - queuedBefore;
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] run: {run}, {runRequests:N0} requests, {queued:N0} queue messages, {runMs:F0} ms");

        before = counter.Count;
        watch.Restart();
        var rerun = await broadcasts.RunAsync(new BroadcastRequest(id, 0), CancellationToken.None);
        var rerunMs = watch.Elapsed.TotalMilliseconds;
        var rerunRequests = counter.Count - before;
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] run again: {rerun}, {rerunRequests:N0} requests, {rerunMs:F0} ms");

        return new Broadcast(subscribers, settingsChars, fullChars, maxApiChars, azuriteTook, open, seedSeconds, planned.Count, planRequests, planMs,
            run, runRequests, runMs, queued, rerun, rerunRequests, rerunMs, o.Recipients);
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
