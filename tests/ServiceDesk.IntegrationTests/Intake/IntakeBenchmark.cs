using System.Diagnostics;
using Azure.Data.Tables;
using ServiceDesk.Application.Intake;
using ServiceDesk.Functions.Intake;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace ServiceDesk.IntegrationTests.Intake;

/// <summary>Runs only when SERVICEDESK_INTAKE_BENCHMARK is set: it takes a minute and asserts nothing about speed.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SERVICEDESK_INTAKE_BENCHMARK") is null)
        {
            Skip = "Set SERVICEDESK_INTAKE_BENCHMARK=1 to run the intake benchmark.";
        }
    }
}

/// <summary>
/// Messages/s from the queue to a ticket change, against raw Azure.Data.Tables inserts on the same Azurite in the same
/// run, and table requests per message (StorageRequestCounter). See the root README, "Service-to-service intake".
/// </summary>
public sealed class IntakeBenchmark(ITestOutputHelper output)
{
    private const int Messages = 1000;

    [BenchmarkFact]
    public async Task Queue_to_ticket_throughput()
    {
        await using var app = await TestApp.StartAsync();
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
        await Parallel.ForEachAsync(Enumerable.Range(0, Messages), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => await raw.AddEntityAsync(new TableEntity("p" + (i % 50), "r" + i) { ["Text"] = "x" }, ct));
        var rawRate = Messages / watch.Elapsed.TotalSeconds;
        output.WriteLine($"raw Azurite inserts: {rawRate:F0}/s");

        async Task Run(string name, Func<int, string> message)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, Messages), new ParallelOptions { MaxDegreeOfParallelism = 32 },
                async (i, ct) => await queue.SendMessageAsync(message(i), ct));
            var before = counter.Count;
            var pump = new QueuePump(queue, poison);
            var sw = Stopwatch.StartNew();
            await pump.DrainAsync(async (text, id, count) =>
                await app.Get<IncidentIntake>().HandleAsync(text, new IntakeDelivery("storage-queue", id, count), CancellationToken.None),
                Messages, TimeSpan.FromMinutes(5));
            var rate = Messages / sw.Elapsed.TotalSeconds;
            output.WriteLine($"{name}: {rate:F0} msg/s ({rate / rawRate:P0} of raw inserts), " +
                $"{(counter.Count - before) / (double)Messages:F2} table requests/msg (+1 queue delete, +1/32 receive)");
        }

        await Run("distinct problems (each opens a ticket)", i => IntakeMessages.Firing("contoso", $"d-{i}", $"Distinct problem {i}"));
        await Run("50 problems, 20 alerts each", i => IntakeMessages.Firing("contoso", $"m-{i}", $"Problem {i % 50}"));
        await Run("storm (one problem)", i => IntakeMessages.Firing("contoso", $"s-{i}", "Storm"));
        await Run("redeliveries (all duplicates)", i => IntakeMessages.Firing("contoso", $"s-{i}", "Storm"));
    }
}
