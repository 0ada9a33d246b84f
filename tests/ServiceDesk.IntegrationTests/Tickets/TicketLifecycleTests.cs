using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Tickets;

public sealed class TicketLifecycleTests : IAsyncLifetime
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
        _user = await _app.TokenAsync("u-anna", "contoso", "EndUser");
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Creating_a_ticket_answers_201_with_location_etag_and_the_ticket()
    {
        var response = await _api.Create(_user, Api.Incident());

        Assert.Equal(201, response.Status);
        var number = response.Get("number");
        Assert.Matches("^INC-[0-9]{6}$", number);
        Assert.Equal($"/api/tickets/{number}", response.Headers.Location.ToString());
        Assert.Equal("\"1\"", response.ETag);
        Assert.Equal("new", response.Get("status"));
        Assert.Equal("Ny", response.Json.GetProperty("statusLabel").GetProperty("sv").GetString());
        Assert.Equal(2, response.Json.GetProperty("priority").GetInt32()); // Medium impact × High urgency
        Assert.Equal("portal", response.Get("channel"));
        Assert.Equal("u-anna", response.Json.GetProperty("requester").GetProperty("id").GetString());

        var read = await _api.Get(_user, number);
        Assert.Equal(200, read.Status);
        Assert.Equal(response.ETag, read.ETag);
        Assert.Equal("Skrivaren på plan 3 skriver inte ut", read.Get("title"));
    }

    [Fact]
    public async Task An_agent_registers_a_phone_call_on_behalf_of_a_user()
    {
        var response = await _api.Create(_agent, Api.OnBehalf("contoso"));

        Assert.Equal(201, response.Status);
        Assert.Equal("phone", response.Get("channel"));
        Assert.Equal("Åsa Öberg", response.Json.GetProperty("requester").GetProperty("name").GetString());
        Assert.Equal("Erik Agent", response.Get("createdBy"));
        Assert.Equal(5 - 1, response.Json.GetProperty("priority").GetInt32()); // Low × Medium = 4
    }

    [Fact]
    public async Task A_ticket_goes_through_its_whole_lifecycle_and_every_step_is_logged_with_its_actor()
    {
        var number = (await _api.Create(_user, Api.Incident())).Get("number");

        await _api.Step(_agent, number, "assign", new { group = "Service Desk L1", assigneeId = "a-erik" });
        await _api.Step(_agent, number, "start");
        await _api.Step(_agent, number, "pend", new { reason = "WaitingForCustomer", note = "Vilket skrivarnamn?" });
        var comment = await _api.Comment(_user, number, "Det är HP-skrivaren vid köket.");
        Assert.Equal(200, comment.Status);
        await _api.Step(_agent, number, "start");
        await _api.Step(_agent, number, "resolve", new { resolutionCode = "Solved", resolutionNotes = "Rensade utskriftskön." });
        await _api.Step(_user, number, "reopen", new { reason = "Den slutade fungera igen." });
        await _api.Step(_agent, number, "resolve", new { resolutionCode = "Workaround", resolutionNotes = "Ny drivrutin." });
        var closed = await _api.Step(_user, number, "close");

        Assert.Equal("closed", closed.Get("status"));
        Assert.Equal(1, closed.Json.GetProperty("reopenCount").GetInt32());
        Assert.NotNull(closed.Json.GetProperty("firstResponseAt").GetString());
        Assert.NotNull(closed.Json.GetProperty("closedAt").GetString());

        var activity = await _api.Activity(_agent, number, "?pageSize=100");
        var items = activity.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, items.Count), items.Select(i => i.GetProperty("sequence").GetInt32()));
        Assert.Equal("created", items[0].GetProperty("type").GetString());
        Assert.Contains(items, i => i.GetProperty("type").GetString() == "assignmentChanged" && i.GetProperty("actor").GetProperty("id").GetString() == "a-erik");
        Assert.Contains(items, i => i.GetProperty("type").GetString() == "comment" && i.GetProperty("actor").GetProperty("id").GetString() == "u-anna");
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty(i.GetProperty("at").GetString())));
        var statuses = items.Where(i => i.GetProperty("type").GetString() == "statusChanged")
            .Select(i => i.GetProperty("data").GetProperty("to").GetString()).ToList();
        Assert.Equal(["Assigned", "InProgress", "Pending", "InProgress", "Resolved", "InProgress", "Resolved", "Closed"], statuses);
    }

    [Fact]
    public async Task An_illegal_transition_is_refused_with_409_and_changes_nothing()
    {
        var created = await _api.Create(_user, Api.Incident());
        var number = created.Get("number");

        var response = await _api.Transition(_agent, number, "close", null, created.ETag);

        Assert.Equal(409, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.Equal("ticket.illegal-transition", response.Get("code"));
        Assert.Equal(created.ETag, (await _api.Get(_agent, number)).ETag);
    }

    [Fact]
    public async Task Changes_need_if_match_and_a_stale_etag_gets_412()
    {
        var created = await _api.Create(_user, Api.Incident());
        var number = created.Get("number");

        var missing = await _api.Update(_agent, number, new { urgency = "Low" }, ifMatch: null);
        var updated = await _api.Update(_agent, number, new { urgency = "Low" }, created.ETag);
        var stale = await _api.Update(_agent, number, new { impact = "High" }, created.ETag);

        Assert.Equal(428, missing.Status);
        Assert.Equal(200, updated.Status);
        Assert.NotEqual(created.ETag, updated.ETag);
        Assert.Equal("low", updated.Get("urgency"));
        Assert.Equal(412, stale.Status);
        Assert.Equal("medium", (await _api.Get(_agent, number)).Get("impact"));
    }

    [Fact]
    public async Task Two_updates_with_the_same_etag_exactly_one_wins()
    {
        var created = await _api.Create(_user, Api.Incident());
        var number = created.Get("number");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _api.Update(_agent, number, new { title = $"Rubrik {i}" }, created.ETag)));

        Assert.Single(results, r => r.Status == 200);
        Assert.Equal(7, results.Count(r => r.Status == 412));
        var winner = results.Single(r => r.Status == 200).Get("title");
        Assert.Equal(winner, (await _api.Get(_agent, number)).Get("title"));
    }

    [Fact]
    public async Task Internal_notes_are_hidden_from_end_users()
    {
        var number = (await _api.Create(_user, Api.Incident())).Get("number");
        Assert.Equal(200, (await _api.Comment(_agent, number, "Misstänker trasig fixeringsenhet.", "internal")).Status);
        Assert.Equal(200, (await _api.Comment(_agent, number, "Vi tittar på det.", "public")).Status);

        var forUser = (await _api.Activity(_user, number)).Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ToList();
        var forAgent = (await _api.Activity(_agent, number)).Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ToList();

        Assert.DoesNotContain("internalNote", forUser);
        Assert.Contains("comment", forUser);
        Assert.Contains("internalNote", forAgent);
        Assert.Equal(403, (await _api.Comment(_user, number, "x", "internal")).Status);
    }

    [Fact]
    public async Task Two_hundred_parallel_creates_get_two_hundred_distinct_numbers()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            _api.Create(_user, Api.Incident($"Parallel {i}"))));

        Assert.All(responses, r => Assert.Equal(201, r.Status));
        var numbers = responses.Select(r => r.Get("number")).ToList();
        Assert.Equal(200, numbers.Distinct().Count());
    }
}
