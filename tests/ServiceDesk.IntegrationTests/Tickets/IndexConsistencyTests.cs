using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Tickets;

/// <summary>
/// The ticket row is written first and is the truth; index rows follow. When the index write fails the
/// create still succeeds, and the repair (or the ticket's next write) brings the lists back in line.
/// </summary>
public sealed class IndexConsistencyTests : IAsyncLifetime
{
    private readonly FailingIndexPolicy _failure = new();
    private TestApp _app = null!;
    private Api _api = null!;
    private string _user = null!;
    private string _agent = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(overrides: services => services.AddSingleton(sp =>
        {
            var options = new TableClientOptions();
            options.AddPolicy(_failure, Azure.Core.HttpPipelinePosition.PerRetry);
            options.AddPolicy(sp.GetRequiredService<StorageRequestCounter>(), Azure.Core.HttpPipelinePosition.PerRetry);
            return new TableServiceClient(sp.GetRequiredService<IConfiguration>()["AzureWebJobsStorage"], options);
        }));
        _api = new Api(_app);
        await _app.SeedCustomerAsync("contoso");
        _user = await _app.TokenAsync("u-1", "contoso", "EndUser");
        _agent = await _app.TokenAsync(new { userId = "a-1", name = "A", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        await _api.Create(_user, Api.Incident("warm-up"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<List<string>> Listed(string query = "?pageSize=100") =>
        (await _api.List(_agent, "?customerId=contoso&" + query.TrimStart('?'))).Json.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("number").GetString()!).ToList();

    [Fact]
    public async Task A_failed_index_write_loses_no_ticket_and_the_repair_lists_it()
    {
        _failure.Enabled = true;
        var created = await _api.Create(_user, Api.Incident("Skapad under störning"));
        _failure.Enabled = false;

        Assert.Equal(201, created.Status);
        Assert.True(_failure.Failed > 0);
        var number = created.Get("number");
        Assert.Equal(200, (await _api.Get(_user, number)).Status);
        Assert.DoesNotContain(number, await Listed());

        var result = await _app.Get<TicketIndexRepair>().RunAsync(CancellationToken.None);

        Assert.True(result.Repaired >= 1);
        Assert.Contains(number, await Listed());
        var again = await _app.Get<TicketIndexRepair>().RepairSinceAsync(DateTimeOffset.MinValue, CancellationToken.None);
        Assert.Equal(0, again.Repaired);
    }

    [Fact]
    public async Task Between_daily_scans_a_failed_index_write_is_repaired_from_its_marker_without_scanning()
    {
        var repair = _app.Get<TicketIndexRepair>();
        await repair.RunAsync(CancellationToken.None); // the first run scans (no scan on record yet)

        _failure.Enabled = true;
        var created = await _api.Create(_user, Api.Incident("Markerad för reparation"));
        _failure.Enabled = false;
        var number = created.Get("number");
        Assert.DoesNotContain(number, await Listed());

        var result = await repair.RunAsync(CancellationToken.None);

        Assert.Equal(0, result.Scanned); // the next scan is a day away
        Assert.True(result.Markers >= 1 && result.Repaired >= 1, result.ToString());
        Assert.Contains(number, await Listed());
        var marker = await _app.Get<TableServiceClient>().GetTableClient(_app.Get<TableNames>().Checkpoints)
            .GetEntityIfExistsAsync<TableEntity>(TicketIndexRepair.MarkerPartition, number);
        Assert.False(marker.HasValue); // handled markers are deleted
        Assert.Equal(0, (await repair.RunAsync(CancellationToken.None)).Markers);
    }

    [Fact]
    public async Task A_stale_index_after_a_failed_update_is_repaired_without_leftover_rows()
    {
        var number = (await _api.Create(_user, Api.Incident("Flyttas"))).Get("number");
        var etag = (await _api.Get(_agent, number)).ETag;

        _failure.Enabled = true;
        var assigned = await _api.Transition(_agent, number, "assign", new { group = "L2" }, etag);
        _failure.Enabled = false;
        Assert.Equal(200, assigned.Status);
        Assert.DoesNotContain(number, await Listed("?group=L2"));

        await _app.Get<TicketIndexRepair>().RepairSinceAsync(DateTimeOffset.UtcNow.AddMinutes(-5), CancellationToken.None);

        Assert.Contains(number, await Listed("?group=L2&status=Assigned"));
        var index = _app.Get<TableServiceClient>().GetTableClient(_app.Get<TableNames>().TicketIndex);
        var rows = index.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"contoso"} and Number eq {number}")).ToList();
        var listRows = rows.Where(r => r.RowKey[0] is 't' or 'r' or 'o' or 'g').ToList();
        Assert.Equal(["g|L2|Assigned|" + number, "o|" + number, "r|u-1|" + number, "t|" + number], listRows.Select(r => r.RowKey).Order());
        Assert.All(listRows, r => Assert.Equal(assigned.Json.GetProperty("version").GetInt64(), r.GetInt64("Version")));
        Assert.Contains(rows, r => r.RowKey == "p|" + number);
        Assert.Contains(rows, r => r.RowKey.StartsWith("c|") && r.GetInt64("Version") == assigned.Json.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_next_write_of_a_ticket_heals_its_index()
    {
        _failure.Enabled = true;
        var created = await _api.Create(_user, Api.Incident("Läker själv"));
        _failure.Enabled = false;
        var number = created.Get("number");

        await _api.Comment(_user, number, "Någon nyhet?");

        Assert.Contains(number, await Listed());
    }

    [Fact]
    public async Task After_warm_up_a_create_for_a_known_customer_reads_nothing_but_writes_its_two_transactions()
    {
        await using var fresh = await TestApp.StartAsync(s => s["ServiceDesk:Storage:TablePrefix"] = _app.TablePrefix);
        await fresh.Get<ServiceDesk.Infrastructure.Tickets.TableTicketNumberAllocator>().WarmUpAsync(CancellationToken.None);
        await fresh.Get<ServiceDesk.Infrastructure.Customers.TableCustomerDirectory>().WarmUpAsync(CancellationToken.None);
        await fresh.Get<ServiceDesk.Application.ServiceLevels.ServiceLevelCatalog>().WarmUpAsync(["contoso"], CancellationToken.None);
        await fresh.Get<ServiceDesk.Application.MajorIncidents.MajorIncidentCatalog>().OpenAsync(CancellationToken.None);
        await fresh.Get<ServiceDesk.Application.Knowledge.Redirects>().WarmUpAsync(["contoso"], CancellationToken.None);
        var counter = fresh.Get<StorageRequestCounter>();

        var before = counter.Count;
        var created = await new Api(fresh).Create(_user, Api.Incident("första efter start"));

        Assert.Equal(201, created.Status);
        Assert.Equal(2, counter.Count - before);
    }

    [Fact]
    public async Task Storage_requests_per_operation_stay_within_budget()
    {
        var counter = _app.Get<StorageRequestCounter>();
        await _api.Create(_user, Api.Incident("värmer upp kunden"));

        var before = counter.Count;
        await _api.Create(_user, Api.Incident("mätt"));
        var plainCreate = counter.Count - before;

        before = counter.Count;
        var key = Guid.NewGuid().ToString();
        var withKey = await _api.Create(_user, Api.Incident("mätt med nyckel"), key);
        var idempotentCreate = counter.Count - before;

        var number = withKey.Get("number");
        var etag = withKey.ETag;
        before = counter.Count;
        await _api.Update(_agent, number, new { urgency = "Low" }, etag);
        var update = counter.Count - before;

        before = counter.Count;
        var replay = await _api.Create(_user, Api.Incident("mätt med nyckel"), key);
        var replayed = counter.Count - before;

        Assert.Equal(2, plainCreate);      // ticket partition transaction + index transaction
        Assert.Equal(3, idempotentCreate); // + the key's claim
        Assert.Equal(3, update);           // read + ticket transaction + index transaction
        Assert.True(replayed <= 3, $"replay used {replayed} requests"); // claim (409) + read claim + read ticket
        Assert.Equal(withKey.Get("number"), replay.Get("number"));
    }
}
