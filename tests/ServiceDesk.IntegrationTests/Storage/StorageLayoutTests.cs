using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Events;
using ServiceDesk.Application.Intake;
using ServiceDesk.Functions.Intake;
using ServiceDesk.Infrastructure.Events;
using ServiceDesk.IntegrationTests.Infrastructure;
using ServiceDesk.IntegrationTests.Intake;

namespace ServiceDesk.IntegrationTests.Storage;

/// <summary>
/// Every row of the per-ticket and per-correlation tables has a RowKey no other partition uses. Azurite finds an
/// entity by RowKey first, so a RowKey shared across partitions (the old "ticket", "a|00000001", "dispatch", "state")
/// makes local inserts and point reads scan every ticket; this test fails if such a key comes back.
/// </summary>
public sealed class StorageLayoutTests : IAsyncLifetime
{
    private sealed class CountingHandler : ITicketEventHandler
    {
        public int Seen;

        public string Name => "counting";

        public Task HandleAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Seen);
            return Task.CompletedTask;
        }
    }

    private readonly CountingHandler _handler = new();
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(overrides: s => s.AddSingleton<ITicketEventHandler>(_handler));
        await _app.SeedCustomerAsync("contoso");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Tickets_activities_dispatch_progress_and_intake_states_never_share_a_row_key_across_partitions()
    {
        var api = new Api(_app);
        var user = await _app.TokenAsync("u-1", "contoso", "EndUser");
        var numbers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var created = await api.Create(user, Api.Incident("Layout " + i));
            Assert.Equal(201, created.Status);
            numbers.Add(created.Get("number"));
            Assert.Equal(200, (await api.Comment(user, created.Get("number"), "Fortfarande trasigt")).Status);
        }
        await _app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);
        Assert.Equal(6, _handler.Seen);
        var intake = _app.Get<IncidentIntake>();
        for (var i = 0; i < 3; i++)
        {
            var result = await intake.HandleAsync(IntakeMessages.Firing("contoso", "evt-" + i, "Disk full on db0" + i, correlationKey: "disk-" + i),
                new IntakeDelivery(IncidentQueueFunction.Transport, "m-" + i, 1), CancellationToken.None);
            Assert.Equal(IntakeOutcome.Created, result.Outcome);
        }

        var tickets = await Rows("Tickets");
        var correlations = await Rows("IntakeCorrelations");

        // What the app wrote: each ticket's row, its Created and Commented activities, and the dispatcher's progress row.
        Assert.True(tickets.Select(r => r.PartitionKey).Distinct().Count() >= 6);
        Assert.True(tickets.Count(r => r.RowKey.StartsWith("dispatch", StringComparison.Ordinal)) >= 3);
        Assert.Equal(3, correlations.Count(r => r.RowKey.StartsWith("state", StringComparison.Ordinal)));
        foreach (var rows in new[] { tickets, correlations })
        {
            var shared = rows.GroupBy(r => r.RowKey).Where(g => g.Select(r => r.PartitionKey).Distinct().Count() > 1).Select(g => g.Key).ToList();
            Assert.True(shared.Count == 0, "RowKeys used by more than one partition: " + string.Join(", ", shared));
        }
        // And the app still reads what it wrote through those keys.
        foreach (var number in numbers)
        {
            var activity = await api.Activity(user, number);
            Assert.Equal(2, activity.Json.GetProperty("items").GetArrayLength());
        }
    }

    private async Task<List<TableEntity>> Rows(string table)
    {
        var client = new TableClient(_app.ConnectionString, _app.TablePrefix + table);
        var rows = new List<TableEntity>();
        await foreach (var row in client.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            rows.Add(row);
        }
        return rows;
    }
}
