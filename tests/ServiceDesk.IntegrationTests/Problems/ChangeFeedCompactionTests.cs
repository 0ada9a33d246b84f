using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Functions.ProblemManagement;
using ServiceDesk.Infrastructure.Problems;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Problems;

public sealed class ChangeFeedCompactionTests : IAsyncLifetime
{
    private static readonly Caller Agent = new("a-erik", "Erik", null, "supplier", new HashSet<Role> { Role.Agent }, ["contoso"]);
    private TestApp _app = null!;
    private string _agentToken = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        await _app.SeedCustomerAsync("contoso");
        _agentToken = await _app.TokenAsync(new { userId = "a-erik", name = "Erik Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Old_changes_are_compacted_to_one_row_per_ticket_and_a_rebuild_from_scratch_gives_the_same_statistics()
    {
        var then = DateTimeOffset.UtcNow.AddDays(-3);
        var old = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            old.Add(await IncidentWithCommentsAsync(then.AddMinutes(i), comments: 2));
        }
        var recent = await IncidentWithCommentsAsync(DateTimeOffset.UtcNow, comments: 1);
        var statistics = _app.Get<StatisticsUpdater>();
        await statistics.RunAsync("contoso", CancellationToken.None);
        var day = then.ToString("yyyy-MM-dd");
        var before = await StatsAsync(day);
        Assert.Equal(3 * 3, (await ChangeRowsAsync()).Count(r => old.Contains(r)));

        var compaction = _app.Get<ChangeFeedCompaction>();
        var result = await compaction.RunAsync("contoso", CancellationToken.None);

        Assert.Equal((9, 6), (result.Scanned, result.Deleted));
        var rows = await ChangeRowsAsync();
        Assert.Equal(old.Order(), rows.Where(r => old.Contains(r)).Order());   // one each, their last
        Assert.Equal(2, rows.Count(r => r == recent));                          // inside the kept 24 hours: untouched
        Assert.Equal(0, (await compaction.RunAsync("contoso", CancellationToken.None)).Deleted);

        // Statistics rebuilt from nothing but the compacted feed: the same figures.
        var table = await _app.Get<Tables>().GetAsync(_app.Get<Tables>().Names.Statistics);
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == "contoso", select: ["PartitionKey", "RowKey"]))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }
        await statistics.ResetAsync("contoso", CancellationToken.None);
        Assert.Equal(4, (await statistics.RunAsync("contoso", CancellationToken.None)).Applied);
        Assert.Equal(before, await StatsAsync(day));
    }

    [Fact]
    public async Task A_customer_whose_statistics_never_ran_keeps_its_whole_feed()
    {
        await IncidentWithCommentsAsync(DateTimeOffset.UtcNow.AddDays(-3), comments: 2);
        var result = await _app.Get<ChangeFeedCompaction>().RunAsync("contoso", CancellationToken.None);
        Assert.Equal((0, 0), (result.Scanned, result.Deleted));
        Assert.Equal(3, (await ChangeRowsAsync()).Count);
    }

    /// <summary>An incident and its public comments, through the ticket use cases with their clock set to <paramref name="at"/>.</summary>
    private async Task<string> IncidentWithCommentsAsync(DateTimeOffset at, int comments)
    {
        var clock = new FakeTimeProvider(at);
        var commands = new TicketCommands(_app.Get<ITicketStore>(), _app.Get<ITicketNumberAllocator>(), _app.Get<ICustomerDirectory>(), new TicketUpdater(_app.Get<ITicketStore>(), clock), clock);
        var created = await commands.CreateAsync(Agent, new CreateTicketInput
        {
            Kind = "Incident",
            CustomerId = "contoso",
            Title = "Skrivaren skriver inte ut",
            Description = "Sedan i morse.",
            Service = "Printing",
            Impact = "Medium",
            Urgency = "Medium",
            Requester = new RequesterInput { Id = "u-anna", Name = "Anna", Email = "anna@contoso.se" },
        }, null, CancellationToken.None);
        var number = created.Ticket.State.Number.ToString();
        for (var i = 0; i < comments; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            await commands.CommentAsync(Agent, number, null, new CommentInput { Text = $"Vi tittar på det ({i}).", Visibility = "public" }, CancellationToken.None);
        }
        return number;
    }

    /// <summary>The ticket number of every change-feed row of contoso, in feed order.</summary>
    private async Task<List<string>> ChangeRowsAsync()
    {
        var index = await _app.Get<Tables>().GetAsync(_app.Get<Tables>().Names.TicketIndex);
        var rows = new List<string>();
        await foreach (var row in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"contoso"} and RowKey ge {"c|"} and RowKey lt {"c}"}")))
        {
            rows.Add(row.GetString("Number")!);
        }
        return rows;
    }

    private async Task<string> StatsAsync(string day)
    {
        var response = await _app.SendAsync(r => _app.Get<StatisticsApi>().Get(r), "GET", $"/api/stats?customerId=contoso&from={day}&to={day}&dimension=service", token: _agentToken);
        Assert.True(response.Status == 200, response.ToString());
        Assert.Contains("Printing", response.Body);
        return response.Body;
    }
}
