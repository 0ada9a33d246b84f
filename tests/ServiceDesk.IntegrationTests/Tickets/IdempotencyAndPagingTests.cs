using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Tickets;

public sealed class IdempotencyAndPagingTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Api _api = null!;
    private string _user = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        await _app.SeedCustomerAsync("contoso");
        _user = await _app.TokenAsync("u-1", "contoso", "EndUser");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_same_idempotency_key_returns_the_first_ticket()
    {
        var key = Guid.NewGuid().ToString();
        var first = await _api.Create(_user, Api.Incident(), key);
        var second = await _api.Create(_user, Api.Incident(), key);

        Assert.Equal(201, first.Status);
        Assert.Equal(201, second.Status);
        Assert.Equal(first.Get("number"), second.Get("number"));
        Assert.Equal("true", second.Headers["Idempotent-Replayed"].ToString());
        Assert.Single((await _api.List(_user)).Json.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Concurrent_requests_with_one_key_create_one_ticket()
    {
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => _api.Create(_user, Api.Incident("Samtidig"), key)));

        Assert.All(responses, r => Assert.Equal(201, r.Status));
        Assert.Single(responses.Select(r => r.Get("number")).Distinct());
        var listed = (await _api.List(_user, "?pageSize=100")).Json.GetProperty("items").EnumerateArray()
            .Count(i => i.GetProperty("title").GetString() == "Samtidig");
        Assert.Equal(1, listed);
    }

    [Fact]
    public async Task A_key_reused_for_a_different_request_gets_422()
    {
        var key = Guid.NewGuid().ToString();
        Assert.Equal(201, (await _api.Create(_user, Api.Incident("A"), key)).Status);
        var reused = await _api.Create(_user, Api.Incident("B"), key);
        Assert.Equal(422, reused.Status);
    }

    [Fact]
    public async Task Keys_belong_to_their_user()
    {
        var key = Guid.NewGuid().ToString();
        var other = await _app.TokenAsync("u-2", "contoso", "EndUser");
        var mine = await _api.Create(_user, Api.Incident(), key);
        var theirs = await _api.Create(other, Api.Incident(), key);
        Assert.NotEqual(mine.Get("number"), theirs.Get("number"));
    }

    [Fact]
    public async Task Invalid_idempotency_keys_get_400()
    {
        Assert.Equal(400, (await _api.Create(_user, Api.Incident(), new string('k', 101))).Status);
        Assert.Equal(400, (await _api.Create(_user, Api.Incident(), "with space")).Status);
    }

    [Fact]
    public async Task Lists_page_with_continuation_tokens_and_reject_forged_ones()
    {
        var pager = await _app.TokenAsync("u-pager", "contoso", "EndUser");
        var created = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            created.Add((await _api.Create(pager, Api.Incident($"Sida {i}"))).Get("number"));
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var query = "?pageSize=3" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token));
            var page = await _api.List(pager, query);
            Assert.Equal(200, page.Status);
            var items = page.Json.GetProperty("items").EnumerateArray().ToList();
            Assert.True(items.Count <= 3);
            seen.AddRange(items.Select(i => i.GetProperty("number").GetString()!));
            token = page.Json.TryGetProperty("continuationToken", out var t) ? t.GetString() : null;
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(created.Order(), seen.Order());
        Assert.True(pages >= 3);
        Assert.Equal(400, (await _api.List(pager, "?continuationToken=not-a-token")).Status);
        Assert.Equal(400, (await _api.List(pager, "?pageSize=0")).Status);
        Assert.Equal(400, (await _api.List(pager, "?pageSize=1000")).Status);
    }

    [Fact]
    public async Task Queues_by_group_and_status_and_open_lists_follow_the_ticket()
    {
        var agent = await _app.TokenAsync(new { userId = "a-1", name = "A", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        var number = (await _api.Create(_user, Api.Incident("Kö"))).Get("number");
        await _api.Step(agent, number, "assign", new { group = "Nätverk/WAN #2", assigneeId = "a-1" });

        async Task<bool> InQueue(string query) =>
            (await _api.List(agent, query)).Json.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("number").GetString() == number);

        Assert.True(await InQueue("?customerId=contoso&group=" + Uri.EscapeDataString("Nätverk/WAN #2") + "&status=Assigned"));
        Assert.True(await InQueue("?customerId=contoso&open=true"));
        await _api.Step(agent, number, "start");
        Assert.False(await InQueue("?customerId=contoso&group=" + Uri.EscapeDataString("Nätverk/WAN #2") + "&status=Assigned"));
        Assert.True(await InQueue("?customerId=contoso&group=" + Uri.EscapeDataString("Nätverk/WAN #2") + "&status=InProgress"));
        await _api.Step(agent, number, "resolve", new { resolutionCode = "Solved", resolutionNotes = "ok" });
        Assert.False(await InQueue("?customerId=contoso&open=true"));
        Assert.True(await InQueue("?customerId=contoso&status=Resolved"));
        Assert.True(await InQueue("?requesterId=u-1"));
    }
}
