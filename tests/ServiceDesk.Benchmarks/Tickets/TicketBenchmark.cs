using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Benchmarks.Harness;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Functions;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.Benchmarks.Tickets;

/// <summary>
/// Creates tickets through <see cref="TicketCommands.CreateAsync"/> (the real composition,
/// <see cref="ServiceDeskRegistration.AddServiceDesk"/>) against Azurite, and in the same run the raw
/// Azure.Data.Tables calls the ratios are taken against. Prints a Markdown report; asserts nothing about speed.
/// </summary>
public static class TicketBenchmark
{
    private const string CustomerId = "contoso";
    private const string RawInsert = "raw insert (AddEntity)";
    private const string RawTransaction = "raw 1-entity transaction";
    private const string RawAppShape = "raw 2 transactions (app's shape)";
    private const string AppCreate = "app create";
    private const string AppCreateWithKey = "app create + Idempotency-Key";

    private static readonly CreateTicketInput Input = new()
    {
        Kind = "Incident",
        Title = "Skrivaren på plan 3 skriver inte ut",
        Description = "Utskrifter fastnar i kön sedan i morse. Omstart av skrivaren hjälpte inte; felkod 49.4C02 i displayen.",
        Category = "Hardware",
        Service = "Printing",
        Impact = "Medium",
        Urgency = "High",
    };

    public static async Task<int> RunAsync(TicketBenchmarkOptions options)
    {
        var report = new StringBuilder();
        var runId = Guid.NewGuid().ToString("N")[..10];
        var prefix = "bench" + runId;

        IAsyncDisposable? azurite = null;
        try
        {
            string connectionString;
            if (options.ConnectionString is null)
            {
                Progress(options.InMemoryAzurite ? "starting Azurite (--inMemoryPersistence)…" : "starting Azurite…");
                var process = await AzuriteProcess.StartAsync(inMemory: options.InMemoryAzurite);
                azurite = process;
                connectionString = process.ConnectionString;
            }
            else
            {
                connectionString = options.ConnectionString;
            }
            var azuriteCpu = azurite is null ? null : ProcessCpu.FindNodeChild();

            var settings = new Dictionary<string, string?>
            {
                ["AzureWebJobsStorage"] = connectionString,
                ["ServiceDesk:Storage:TablePrefix"] = prefix,
            };
            if (options.NumberBlockSize is { } blockSize)
            {
                settings["ServiceDesk:Tickets:NumberBlockSize"] = blockSize.ToString(CultureInfo.InvariantCulture);
            }
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
            var warnings = new WarningCounter();
            TimedNumberAllocator? timedAllocator = null;
            await using var app = Compose(configuration, warnings, options.TimeAllocator ? a => timedAllocator = new TimedNumberAllocator(a) : null);

            var commands = app.GetRequiredService<TicketCommands>();
            var counter = app.GetRequiredService<StorageRequestCounter>();
            var allocator = app.GetRequiredService<TableTicketNumberAllocator>();
            await app.GetRequiredService<ICustomerDirectory>().UpsertAsync(
                new Customer(CustomerId, "Contoso", ["contoso.se"], Language.Sv, false), CancellationToken.None);

            // Customers whose record the app has not cached yet: seeded through a second composition (its own cache).
            var coldCustomers = Enumerable.Range(0, options.ColdCustomers * 2).Select(i => $"cold{i}").ToList();
            await using (var seeder = Compose(configuration, new WarningCounter(), null))
            {
                foreach (var id in coldCustomers)
                {
                    await seeder.GetRequiredService<ICustomerDirectory>().UpsertAsync(
                        new Customer(id, id, [id + ".se"], Language.En, false), CancellationToken.None);
                }
            }

            // Raw baseline: its own client (same settings as the app's) with its own request counter.
            var rawCounter = new StorageRequestCounter();
            var rawOptions = new TableClientOptions();
            rawOptions.AddPolicy(rawCounter, Azure.Core.HttpPipelinePosition.PerRetry);
            var rawService = new TableServiceClient(connectionString, rawOptions);
            var rawInsertTable = await CreateTableAsync(rawService, prefix + "RawInsert");
            var rawTxTable = await CreateTableAsync(rawService, prefix + "RawTx");
            var rawShapeTickets = await CreateTableAsync(rawService, prefix + "RawShapeTickets");
            var rawShapeIndex = await CreateTableAsync(rawService, prefix + "RawShapeIndex");

            var phases = new List<Phase>
            {
                new(RawInsert, true, rawCounter, (round, i) =>
                    rawInsertTable.AddEntityAsync(SmallEntity($"i{round}-{i:D7}", i))),
                new(RawTransaction, true, rawCounter, (round, i) =>
                    rawTxTable.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, SmallEntity($"t{round}-{i:D7}", i))])),
                new(RawAppShape, true, rawCounter, (round, i) => AppShapeAsync(rawShapeTickets, rawShapeIndex, $"s{round}-{i:D7}")),
                new(AppCreate, false, counter, (round, i) =>
                    commands.CreateAsync(EndUser(i), Input, null, CancellationToken.None)),
                new(AppCreateWithKey, false, counter, (round, i) =>
                    commands.CreateAsync(EndUser(i), Input, Guid.NewGuid().ToString(), CancellationToken.None)),
            };

            // Warm-up: JIT, connection pools, table creation, the first number blocks, the customer cache.
            Progress("warming up…");
            await allocator.WarmUpAsync(CancellationToken.None);
            foreach (var phase in phases)
            {
                var warm = await LoadGenerator.RunAsync(phase.Name, Math.Max(2 * options.Concurrency, 50), options.Concurrency,
                    i => phase.Operation(-1, i), () => phase.Counter.Count, null);
                if (warm.Errors > 0)
                {
                    throw new InvalidOperationException($"Warm-up of '{phase.Name}' failed: {warm.FirstError}");
                }
            }
            timedAllocator?.Drain();

            report.AppendLine("# ServiceDesk ticket-creation benchmark").AppendLine();
            report.AppendLine($"- {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} logical CPUs; {RuntimeInformation.FrameworkDescription}; {RuntimeInformation.OSDescription}");
            report.AppendLine($"- storage: {(azurite is null ? "given connection string" : options.InMemoryAzurite ? "fresh Azurite with --inMemoryPersistence" : "fresh Azurite (AzuriteProcess, data on disk)")}; table prefix `{prefix}`");
            report.AppendLine($"- {options.Describe()}");
            report.AppendLine();

            // Drift control: Azurite slows down as its data grows (see README), so the phases are interleaved in
            // slices (A B C D E, E D C B A, A B C …: every phase sees about the same data volume and the same Azurite
            // state), and ratios are taken within each round.
            var loadBefore = ProcessCpu.LoadAverage();
            var timedStart = System.Diagnostics.Stopwatch.GetTimestamp();
            var machineBefore = ProcessCpu.Machine();
            var selfBefore = ProcessCpu.Self();
            var azuriteBefore = azuriteCpu?.Read();
            var rounds = new List<Dictionary<string, PhaseResult>>();
            var allocatorWaits = new Dictionary<string, List<double>>();
            var sliceSize = options.SliceSize == 0 ? options.Operations : Math.Min(options.SliceSize, options.Operations);
            var slices = (options.Operations + sliceSize - 1) / sliceSize;
            var step = 0;
            for (var round = 0; round < options.Rounds; round++)
            {
                var perPhase = phases.ToDictionary(p => p.Name, _ => new List<PhaseResult>());
                var orders = new List<string>();
                for (var slice = 0; slice < slices; slice++, step++)
                {
                    var order = step % 2 == 0 ? phases : Enumerable.Reverse(phases).ToList();
                    orders.Add(string.Concat(order.Select(p => (char)('A' + phases.IndexOf(p)))));
                    var offset = slice * sliceSize;
                    var count = Math.Min(sliceSize, options.Operations - offset);
                    foreach (var phase in order)
                    {
                        var r = round;
                        var result = await LoadGenerator.RunAsync(phase.Name, count, options.Concurrency,
                            i => phase.Operation(r, offset + i), () => phase.Counter.Count, azuriteCpu);
                        perPhase[phase.Name].Add(result);
                        if (timedAllocator is not null)
                        {
                            var waits = timedAllocator.Drain();
                            if (!phase.Raw)
                            {
                                (allocatorWaits.TryGetValue(phase.Name, out var list) ? list : allocatorWaits[phase.Name] = []).AddRange(waits);
                            }
                        }
                    }
                }
                var results = phases.ToDictionary(p => p.Name, p => PhaseResult.Pool(perPhase[p.Name]));
                rounds.Add(results);
                Progress($"round {round + 1}/{options.Rounds}: " + string.Join("; ", phases.Select(p =>
                    $"{p.Name} {results[p.Name].OpsPerSecond:0}/s")));
                report.AppendLine($"## Round {round + 1} of {options.Rounds}").AppendLine();
                report.AppendLine($"{slices} slice(s) of {sliceSize} operations per phase, phase order per slice: {string.Join(" ", orders)} " +
                    $"({string.Join(", ", phases.Select((p, i) => $"{(char)('A' + i)} = {p.Name}"))}).").AppendLine();
                AppendTable(report, phases.Select(p => results[p.Name]).ToList(), results[RawInsert], results[RawTransaction], azuriteCpu is not null);
                report.AppendLine();
            }

            var timedWall = System.Diagnostics.Stopwatch.GetElapsedTime(timedStart);
            var others = ProcessCpu.Machine() - machineBefore - (ProcessCpu.Self() - selfBefore) - (azuriteCpu?.Read() - azuriteBefore ?? TimeSpan.Zero);
            var machineLine = $"Machine during the timed phases ({timedWall.TotalSeconds:0} s): load average {loadBefore} before, {ProcessCpu.LoadAverage()} after; " +
                (others is { } o ? $"other processes used {100 * Math.Max(0, o.TotalSeconds) / timedWall.TotalSeconds:0}% of one CPU (of {100 * Environment.ProcessorCount}%)." : "CPU use of other processes unknown.");
            report.AppendLine(machineLine).AppendLine();

            var pooled = phases.ToDictionary(p => p.Name, p => PhaseResult.Pool(rounds.Select(r => r[p.Name]).ToList()));
            if (options.Rounds > 1)
            {
                report.AppendLine($"## All rounds pooled (ops/s = all operations ÷ all phase time; percentiles over all samples)").AppendLine();
                AppendTable(report, phases.Select(p => pooled[p.Name]).ToList(), pooled[RawInsert], pooled[RawTransaction], azuriteCpu is not null);
                report.AppendLine();
                report.AppendLine("Ratio of app create to raw insert per round: " +
                    string.Join(", ", rounds.Select(r => Percent(r[AppCreate].OpsPerSecond / r[RawInsert].OpsPerSecond))) +
                    "; with Idempotency-Key: " +
                    string.Join(", ", rounds.Select(r => Percent(r[AppCreateWithKey].OpsPerSecond / r[RawInsert].OpsPerSecond))) + ".");
                report.AppendLine();
            }

            if (allocatorWaits.Count > 0)
            {
                report.AppendLine("### Time spent in ITicketNumberAllocator.NextAsync (--time-allocator)").AppendLine();
                report.AppendLine("| phase | calls | mean ms | p50 ms | p99 ms | max ms | calls > 5 ms |");
                report.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
                foreach (var (name, waits) in allocatorWaits)
                {
                    var w = waits.ToArray();
                    report.AppendLine($"| {name} | {w.Length} | {F(w.Average(), 2)} | {F(Stats.Percentile(w, 0.5), 2)} | {F(Stats.Percentile(w, 0.99), 1)} | {F(w.Max(), 1)} | {w.Count(x => x > 5)} |");
                }
                report.AppendLine();
            }

            // Sequential pass: one create at a time, so each create's request delta is its own (plus any background
            // number-block reservation it triggered, which the trace shows as a Counters request).
            var sequential = new List<PathResult>();
            if (options.Sequential > 0 || options.ColdCustomers > 0)
            {
                Progress("sequential request-count pass…");
                using var trace = new RequestTrace(prefix);
                trace.Take();
                async Task<PathResult> PathAsync(string name, int count, Func<int, Task<TicketCommands.CreateResult>> create, bool expectReplay = false)
                {
                    var path = new PathResult(name);
                    for (var i = 0; i < count; i++)
                    {
                        trace.Take();
                        var before = counter.Count;
                        var start = System.Diagnostics.Stopwatch.GetTimestamp();
                        var result = await create(i);
                        path.Add(counter.Count - before, System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds, trace.Take());
                        if (result.Replayed != expectReplay)
                        {
                            path.Unexpected++;
                        }
                    }
                    return path;
                }

                var keys = new List<(Caller Caller, string Key)>();
                sequential.Add(await PathAsync("plain create", options.Sequential, i => commands.CreateAsync(EndUser(i), Input, null, CancellationToken.None)));
                sequential.Add(await PathAsync("create + Idempotency-Key", options.Sequential, i =>
                {
                    var key = Guid.NewGuid().ToString();
                    keys.Add((EndUser(i), key));
                    return commands.CreateAsync(keys[^1].Caller, Input, key, CancellationToken.None);
                }));
                sequential.Add(await PathAsync("replay (same key and body again)", Math.Min(options.Replays, keys.Count), i =>
                    commands.CreateAsync(keys[i].Caller, Input, keys[i].Key, CancellationToken.None), expectReplay: true));
                sequential.Add(await PathAsync("plain create, customer not cached", options.ColdCustomers, i =>
                    commands.CreateAsync(EndUser(i, coldCustomers[i]), Input, null, CancellationToken.None)));
                sequential.Add(await PathAsync("create + key, customer not cached", options.ColdCustomers, i =>
                    commands.CreateAsync(EndUser(i, coldCustomers[options.ColdCustomers + i]), Input, Guid.NewGuid().ToString(), CancellationToken.None)));
                sequential.RemoveAll(p => p.Count == 0);

                report.AppendLine("## Storage requests per create, sequential pass (one create at a time)").AppendLine();
                report.AppendLine("| path | creates | requests mean | requests max | p50 ms | request sequences seen (count × requests) |");
                report.AppendLine("|---|---:|---:|---:|---:|---|");
                foreach (var p in sequential)
                {
                    var patterns = string.Join("<br>", p.Patterns.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Value} × {kv.Key}"));
                    report.AppendLine($"| {p.Name}{(p.Unexpected > 0 ? $" ({p.Unexpected} unexpected replay flags)" : "")} | {p.Count} | {F(p.Mean, 2)} | {p.Max} | {F(Stats.Percentile(p.Latencies.ToArray(), 0.5), 1)} | {patterns} |");
                }
                report.AppendLine();
                report.AppendLine("`$batch` is an entity-group transaction: in a create the first is the ticket partition (ticket row + Created activity), " +
                    "the second the customer's index partition (list rows t|, r|, o|, change-feed row c|, pending-dispatch marker p|). `Counters(entity)` PUT is the number-block reservation, " +
                    "started in the background when half a block is used; `TicketIndex` POST is the idempotency claim.");
                report.AppendLine();
            }

            // Reading against the targets of issue 2.
            var raw = pooled[RawInsert].OpsPerSecond;
            var rawTx = pooled[RawTransaction].OpsPerSecond;
            var plain = pooled[AppCreate].OpsPerSecond;
            var withKey = pooled[AppCreateWithKey].OpsPerSecond;
            report.AppendLine("## Against the targets").AppendLine();
            report.AppendLine($"- Ticket creation throughput ≥ 40% of raw single inserts: plain create {Percent(plain / raw)} " +
                $"({(plain / raw >= 0.40 ? "met" : "NOT met")}), with Idempotency-Key {Percent(withKey / raw)} ({(withKey / raw >= 0.40 ? "met" : "NOT met")}). " +
                $"Against raw 1-entity transactions: {Percent(plain / rawTx)} and {Percent(withKey / rawTx)}; " +
                $"the raw two-transaction shape of a create reaches {Percent(pooled[RawAppShape].OpsPerSecond / raw)} of raw inserts." +
                (pooled[RawInsert].AzuriteCpuMsPerOp is { } rawCpu && pooled[AppCreate].AzuriteCpuMsPerOp is { } appCpu && pooled[AppCreateWithKey].AzuriteCpuMsPerOp is { } keyCpu && pooled[RawAppShape].AzuriteCpuMsPerOp is { } shapeCpu
                    ? $" By Azurite CPU per operation (less sensitive to other load on the machine): plain create {Percent(rawCpu / appCpu)}, with key {Percent(rawCpu / keyCpu)}, raw two-transaction shape {Percent(rawCpu / shapeCpu)} of a raw insert."
                    : ""));
            report.AppendLine($"- Storage requests per create under load (mean, incl. background number reservations): plain {F(pooled[AppCreate].RequestsPerOp, 3)}, " +
                $"with key {F(pooled[AppCreateWithKey].RequestsPerOp, 3)} (target about 2 on average).");
            if (sequential.Count > 0)
            {
                var worst = sequential.MaxBy(p => p.Max)!;
                report.AppendLine($"- Most requests on any measured path: {worst.Max} ({worst.Name}) — target ≤ 3 " +
                    $"({(worst.Max <= 3 ? "met" : "NOT met")}). Per path: " +
                    string.Join(", ", sequential.Select(p => $"{p.Name} max {p.Max}")) + ".");
            }
            var errors = phases.Sum(p => pooled[p.Name].Errors);
            report.AppendLine($"- Failed operations: {errors}; warnings/errors logged by the app: {warnings.Count}.");
            foreach (var w in warnings.First)
            {
                report.AppendLine($"  - {w}");
            }
            foreach (var p in phases.Where(p => pooled[p.Name].FirstError is not null))
            {
                report.AppendLine($"  - first error in {p.Name}: {pooled[p.Name].FirstError}");
            }

            var text = report.ToString();
            Console.WriteLine();
            Console.WriteLine(text);
            if (options.OutputPath is not null)
            {
                await File.WriteAllTextAsync(options.OutputPath, text);
            }
            return errors == 0 && sequential.All(p => p.Unexpected == 0) ? 0 : 1;
        }
        finally
        {
            if (azurite is not null)
            {
                await azurite.DisposeAsync();
            }
        }
    }

    private static ServiceProvider Compose(IConfiguration configuration, WarningCounter warnings, Func<ITicketNumberAllocator, ITicketNumberAllocator>? wrapAllocator)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(b => b.AddProvider(warnings).SetMinimumLevel(LogLevel.Warning));
        if (wrapAllocator is not null)
        {
            // Registered before AddServiceDesk, whose TryAdd then keeps this one.
            services.AddSingleton(sp => wrapAllocator(sp.GetRequiredService<TableTicketNumberAllocator>()));
        }
        services.AddServiceDesk(configuration);
        return services.BuildServiceProvider();
    }

    private sealed record Phase(string Name, bool Raw, StorageRequestCounter Counter, Func<int, int, Task> Operation);

    private sealed class PathResult(string name)
    {
        public string Name { get; } = name;
        public List<long> Requests { get; } = [];
        public List<double> Latencies { get; } = [];
        public Dictionary<string, int> Patterns { get; } = new(StringComparer.Ordinal);
        public int Unexpected { get; set; }
        public int Count => Requests.Count;
        public double Mean => Requests.Count == 0 ? double.NaN : Requests.Average();
        public long Max => Requests.Count == 0 ? 0 : Requests.Max();

        public void Add(long requests, double latencyMs, IReadOnlyList<string> trace)
        {
            Requests.Add(requests);
            Latencies.Add(latencyMs);
            var pattern = trace.Count == 0 ? "(none)" : string.Join(", ", trace);
            if (trace.Count != requests)
            {
                pattern += $" [counter: {requests}]";
            }
            Patterns[pattern] = Patterns.GetValueOrDefault(pattern) + 1;
        }
    }

    private static Caller EndUser(int i, string customerId = CustomerId)
    {
        var user = $"u{i % 100:D3}";
        return new Caller(user, "User " + user, $"{user}@{customerId}.se", customerId, new HashSet<Role> { Role.EndUser }, []);
    }

    /// <summary>
    /// A small entity alone in its partition. The RowKey is unique too: Azurite looks entities up through its RowKey
    /// index first, so a RowKey shared by many rows makes every insert scan them (see README).
    /// </summary>
    private static TableEntity SmallEntity(string key, int i) =>
        new(key, "e" + key) { ["Title"] = "benchmark", ["N"] = i };

    /// <summary>
    /// The storage requests of a create without the app, in the app's key layout (RowKeys carry the number): a 2-entity
    /// transaction in a fresh partition (ticket row with
    /// about as many properties as the app's, plus the Created activity row), then a 5-entity upsert transaction in one
    /// shared partition (the customer's list rows t|, r|, o|, its change-feed row c| and pending-dispatch marker p|).
    /// </summary>
    private static async Task AppShapeAsync(TableClient tickets, TableClient index, string key)
    {
        var now = DateTimeOffset.UtcNow;
        var ticket = new TableEntity(key, "ticket|" + key);
        for (var p = 0; p < 30; p++)
        {
            ticket["P" + p.ToString("D2", CultureInfo.InvariantCulture)] = "value " + p.ToString(CultureInfo.InvariantCulture);
        }
        ticket["Description"] = Input.Description;
        var activity = new TableEntity(key, "a|00000001|" + key)
        {
            ["Type"] = "Created", ["ActorId"] = "u001", ["ActorName"] = "User u001", ["At"] = now, ["Text"] = Input.Title,
            ["Data"] = "{\"channel\":\"Portal\",\"priority\":\"P2\"}",
        };
        await tickets.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.Add, ticket),
            new TableTransactionAction(TableTransactionActionType.Add, activity),
        ]);
        TableEntity ListRow(string rowKey) => new(CustomerId, rowKey)
        {
            ["Number"] = key, ["Kind"] = "Incident", ["Title"] = Input.Title, ["Status"] = "New", ["Open"] = true, ["Priority"] = 2,
            ["RequesterId"] = "u001", ["RequesterName"] = "User u001", ["CreatedAt"] = now, ["UpdatedAt"] = now, ["Version"] = 0L,
        };
        await index.SubmitTransactionAsync([
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, ListRow("t|" + key)),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, ListRow("r|u001|" + key)),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, ListRow("o|" + key)),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(CustomerId, $"c|{now.UtcTicks:D19}|{key}|0000000000")
            {
                ["Number"] = key, ["Version"] = 0L, ["Status"] = "New", ["UpdatedAt"] = now,
            }),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(CustomerId, "p|" + key)
            {
                ["Number"] = key, ["Version"] = 0L,
            }),
        ]);
    }

    private static async Task<TableClient> CreateTableAsync(TableServiceClient service, string name)
    {
        await service.CreateTableIfNotExistsAsync(name);
        return service.GetTableClient(name);
    }

    private static void AppendTable(StringBuilder report, IReadOnlyList<PhaseResult> results, PhaseResult rawInsert, PhaseResult rawTransaction, bool azuriteCpu)
    {
        report.AppendLine("| phase | ops | errors | ops/s | p50 ms | p99 ms | ÷ raw insert | ÷ raw 1-entity tx | storage req/op | alloc KB/op | bench CPU ms/op |" +
            (azuriteCpu ? " Azurite CPU % | Azurite CPU ms/op | raw insert ÷ this, by Azurite CPU |" : ""));
        report.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|" + (azuriteCpu ? "---:|---:|---:|" : ""));
        foreach (var r in results)
        {
            report.Append($"| {r.Name} | {r.Operations} | {r.Errors} | {F(r.OpsPerSecond, 0)} | {F(r.P50, 1)} | {F(r.P99, 1)} | " +
                $"{Percent(r.OpsPerSecond / rawInsert.OpsPerSecond)} | {Percent(r.OpsPerSecond / rawTransaction.OpsPerSecond)} | " +
                $"{F(r.RequestsPerOp, 3)} | {F(r.AllocatedKbPerOp, 1)} | {F(r.CpuMsPerOp, 2)} |");
            report.AppendLine(azuriteCpu
                ? $" {Opt(r.AzuriteCpuPercent, 0)} | {Opt(r.AzuriteCpuMsPerOp, 2)} | {(r.AzuriteCpuMsPerOp is { } mine && rawInsert.AzuriteCpuMsPerOp is { } raw ? Percent(raw / mine) : "–")} |"
                : "");
        }
    }

    private static string Opt(double? value, int decimals) => value is { } v ? F(v, decimals) : "–";

    private static string F(double value, int decimals) =>
        double.IsNaN(value) ? "–" : value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Percent(double ratio) => double.IsNaN(ratio) ? "–" : F(100 * ratio, 0) + "%";

    private static void Progress(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
