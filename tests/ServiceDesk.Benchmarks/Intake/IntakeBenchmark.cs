using System.Diagnostics;
using Azure.Data.Tables;
using ServiceDesk.Application.Intake;
using ServiceDesk.Benchmarks.Cli;
using ServiceDesk.Benchmarks.Harness;
using ServiceDesk.Functions.Intake;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Benchmarks.Intake;

/// <summary>
/// Messages/s from the queue to a ticket change, against raw Azure.Data.Tables inserts on the same Azurite in the same
/// run, and table requests per message (StorageRequestCounter). See the root README, "Service-to-service intake".
/// </summary>
public static class IntakeBenchmark
{
    public static readonly SizeOption Size = new("intake",
        "ServiceDesk intake benchmark: queue → ticket change through IncidentIntake, against raw inserts on the same Azurite.",
        "messages", "messages per workload", Default: 1000, Quick: 100);

    public static async Task<int> RunAsync(int messages)
    {
        await using var app = await BenchmarkApp.StartAsync();
        await app.SeedCustomerAsync("contoso");
        var counter = app.Get<StorageRequestCounter>();
        var queue = QueuePump.Client(app.ConnectionString, IntakeQueue.Name);
        var poison = QueuePump.Client(app.ConnectionString, IntakeQueue.PoisonName);
        await queue.CreateIfNotExistsAsync();
        await poison.CreateIfNotExistsAsync();
        await queue.ClearMessagesAsync();

        // Raw baseline: single-entity inserts, 16 in flight (the queue trigger's batch size).
        var raw = new TableClient(app.ConnectionString, app.TablePrefix + "Raw");
        await raw.CreateIfNotExistsAsync();
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => await raw.AddEntityAsync(new TableEntity("p" + (i % 50), "r" + i) { ["Text"] = "x" }, ct));
        var rawRate = messages / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"raw Azurite inserts: {rawRate:F0}/s");

        async Task Run(string name, Func<int, string> message)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, messages), new ParallelOptions { MaxDegreeOfParallelism = 32 },
                async (i, ct) => await queue.SendMessageAsync(message(i), ct));
            var before = counter.Count;
            var pump = new QueuePump(queue, poison);
            var sw = Stopwatch.StartNew();
            await pump.DrainAsync(async (text, id, count) =>
                await app.Get<IncidentIntake>().HandleAsync(text, new IntakeDelivery("storage-queue", id, count), CancellationToken.None),
                messages, TimeSpan.FromMinutes(5));
            var rate = messages / sw.Elapsed.TotalSeconds;
            Console.WriteLine($"{name}: {rate:F0} msg/s ({rate / rawRate:P0} of raw inserts), " +
                $"{(counter.Count - before) / (double)messages:F2} table requests/msg (+1 queue delete, +1/32 receive)");
        }

        await Run("distinct problems (each opens a ticket)", i => IntakeMessages.Firing("contoso", $"d-{i}", $"Distinct problem {i}"));
        await Run($"50 problems, {messages / 50} alerts each", i => IntakeMessages.Firing("contoso", $"m-{i}", $"Problem {i % 50}"));
        await Run("storm (one problem)", i => IntakeMessages.Firing("contoso", $"s-{i}", "Storm"));
        await Run("redeliveries (all duplicates)", i => IntakeMessages.Firing("contoso", $"s-{i}", "Storm"));
        return 0;
    }
}
