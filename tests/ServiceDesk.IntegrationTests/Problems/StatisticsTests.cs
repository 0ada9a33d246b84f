using ServiceDesk.Functions.ProblemManagement;
using ServiceDesk.Infrastructure.Problems;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Problems;

public sealed class StatisticsTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Api _api = null!;
    private string _user = null!;
    private string _agent = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        await _app.SeedCustomerAsync("contoso");
        await _app.SeedCustomerAsync("fabrikam");
        _user = await _app.TokenAsync("u-anna", "contoso", "EndUser");
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<ApiResponse> Stats(string token, string query) =>
        _app.SendAsync(r => _app.Get<StatisticsApi>().Get(r), "GET", "/api/stats" + query, token: token);

    private static string Today => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd");

    [Fact]
    public async Task Runs_count_each_ticket_once_across_replays_resets_and_overlapping_runs()
    {
        var numbers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            numbers.Add((await _api.Create(_user, Api.Incident($"Skrivaren {i} skriver inte ut"))).Get("number"));
        }
        await _api.Step(_agent, numbers[0], "resolve", new { resolutionCode = "Solved", resolutionNotes = "Omstart." });
        var updater = _app.Get<StatisticsUpdater>();

        var first = await updater.RunAsync("contoso", CancellationToken.None);
        Assert.Equal(4, first.Applied);
        var replay = await updater.RunAsync("contoso", CancellationToken.None);
        Assert.Equal(0, replay.Applied);

        // Forget the watermark and run twice at once: every ticket is already applied, and the two runs race on nothing.
        await _api.Step(_agent, numbers[1], "resolve", new { resolutionCode = "Solved", resolutionNotes = "Klart." });
        await updater.ResetAsync("contoso", CancellationToken.None);
        var overlapping = await Task.WhenAll(updater.RunAsync("contoso", CancellationToken.None), updater.RunAsync("contoso", CancellationToken.None));
        Assert.InRange(overlapping.Sum(r => r.Applied), 1, 2);

        var stats = await Stats(_agent, $"?customerId=contoso&from={Today}&to={Today}");
        Assert.Equal(200, stats.Status);
        var all = stats.Json.GetProperty("values")[0];
        Assert.Equal(4, all.GetProperty("opened").GetInt64());
        Assert.Equal(2, all.GetProperty("resolved").GetInt64());
        Assert.Equal(2, all.GetProperty("backlog").GetInt64());
        Assert.Equal(1.0, all.GetProperty("firstContactRate").GetDouble());
        Assert.Equal(4, stats.Json.GetProperty("days")[0].GetProperty("opened").GetInt64());

        var byService = await Stats(_agent, $"?customerId=contoso&from={Today}&to={Today}&dimension=service");
        Assert.Equal("Printing", byService.Json.GetProperty("values")[0].GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_run_right_after_another_skips_what_this_instance_applied_without_reading_tickets_or_facts()
    {
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(201, (await _api.Create(_user, Api.Incident($"Wifi {i} nere"))).Status);
        }
        var updater = _app.Get<StatisticsUpdater>();
        var counter = _app.Get<StorageRequestCounter>();
        Assert.True((await updater.RunAsync("contoso", CancellationToken.None)).Applied >= 12);

        // The next run re-reads the same changes (they are inside its 2-minute safety margin)...
        var before = counter.Count;
        var again = await updater.RunAsync("contoso", CancellationToken.None);
        var requests = counter.Count - before;

        Assert.True(again.Changes >= 12, $"{again.Changes} change rows read");
        Assert.Equal(0, again.Applied);
        // ...but costs only the checkpoint read, the change-feed query and the checkpoint write, not 2 reads per change.
        Assert.True(requests <= 4, $"{requests} storage requests");

        // A new version of one ticket is still applied.
        var number = (await _api.Create(_user, Api.Incident("Wifi igen"))).Get("number");
        await _api.Step(_agent, number, "resolve", new { resolutionCode = "Solved", resolutionNotes = "Omstart." });
        Assert.Equal(1, (await updater.RunAsync("contoso", CancellationToken.None)).Applied);
    }

    [Fact]
    public async Task Statistics_are_for_staff_serving_the_customer()
    {
        Assert.Equal(403, (await Stats(_user, $"?customerId=contoso&from={Today}&to={Today}")).Status);
        Assert.Equal(404, (await Stats(_agent, $"?customerId=fabrikam&from={Today}&to={Today}")).Status);
        Assert.Equal(400, (await Stats(_agent, "?customerId=contoso&from=yesterday&to=today")).Status);
        Assert.Equal(400, (await Stats(_agent, $"?customerId=contoso&from={Today}&to={Today}&dimension=colour")).Status);
    }
}
