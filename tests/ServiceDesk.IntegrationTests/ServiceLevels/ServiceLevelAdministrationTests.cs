using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.ServiceLevels;

/// <summary>Calendars, policies, routing rules and groups over the admin routes: validation, authorisation, versions.</summary>
public sealed class ServiceLevelAdministrationTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private ServiceLevelsApiClient _api = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        await _app.SeedCustomerAsync("contoso");
        _api = new ServiceLevelsApiClient(_app);
        _admin = await _app.TokenAsync("admin1", "supplier", "Admin");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_calendar_with_overlapping_hours_and_an_unknown_zone_is_refused_with_field_errors()
    {
        var response = await _api.PutCalendar(_admin, "contoso", new
        {
            timeZone = "Europe/Atlantis",
            hours = new { monday = new[] { new { start = "08:00", end = "12:00" }, new { start = "11:00", end = "17:00" } }, tuesday = new[] { new { start = "8", end = "17:00" } } },
            closedDays = new[] { "2026-13-01" },
        });
        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        var errors = response.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("hours.tuesday[0]", out _), response.Body);
        Assert.True(errors.TryGetProperty("closedDays[0]", out _), response.Body);

        var second = await _api.PutCalendar(_admin, "contoso", new
        {
            timeZone = "Europe/Atlantis",
            hours = new { monday = new[] { new { start = "08:00", end = "12:00" }, new { start = "11:00", end = "17:00" } } },
        });
        Assert.Equal(400, second.Status);
        var fields = second.Json.GetProperty("errors");
        Assert.True(fields.TryGetProperty("timeZone", out _), second.Body);
        Assert.True(fields.TryGetProperty("hours.monday[1]", out _), second.Body);
    }

    [Fact]
    public async Task A_calendar_is_stored_and_a_customer_without_one_reads_the_supplier_default()
    {
        Assert.Equal("default", (await _api.GetCalendar(_admin, "contoso")).Get("source"));
        var supplier = await _api.PutCalendar(_admin, "supplier", new { hours = new { monday = new[] { new { start = "07:00", end = "16:00" } } } });
        Assert.Equal(200, supplier.Status);
        var inherited = await _api.GetCalendar(_admin, "contoso");
        Assert.Equal("supplier", inherited.Get("source"));
        Assert.Equal("07:00", inherited.Json.GetProperty("hours").GetProperty("monday")[0].GetProperty("start").GetString());

        var own = await _api.PutCalendar(_admin, "contoso", new
        {
            timeZone = "Europe/Stockholm",
            hours = new { monday = new[] { new { start = "08:00", end = "12:00" }, new { start = "13:00", end = "17:00" } }, saturday = new[] { new { start = "10:00", end = "24:00" } } },
            closedDays = new[] { "2026-12-28" },
        });
        Assert.Equal(200, own.Status);
        var read = await _api.GetCalendar(_admin, "contoso");
        Assert.Equal("customer", read.Get("source"));
        Assert.Equal("24:00", read.Json.GetProperty("hours").GetProperty("saturday")[0].GetProperty("end").GetString());
        Assert.Equal("2026-12-28", read.Json.GetProperty("closedDays")[0].GetString());
    }

    [Fact]
    public async Task Policies_are_versioned_and_an_old_version_stays_readable()
    {
        var first = await _api.PutPolicies(_admin, "contoso", new { policies = new[] { new { name = "p1", priority = "Critical", resolution = "04:00:00" } } });
        Assert.Equal(200, first.Status);
        Assert.Equal("1", first.Get("version"));
        var second = await _api.PutPolicies(_admin, "contoso", new { policies = new[] { new { name = "p1", priority = "Critical", resolution = "02:00:00" } } });
        Assert.Equal("2", second.Get("version"));
        Assert.Equal("2", (await _api.GetPolicies(_admin, "contoso")).Get("version"));
        var old = await _api.GetPolicies(_admin, "contoso", "?version=1");
        Assert.Equal("04:00:00", old.Json.GetProperty("policies")[0].GetProperty("resolution").GetString());
        Assert.Equal(404, (await _api.GetPolicies(_admin, "contoso", "?version=9")).Status);
    }

    [Fact]
    public async Task Bad_policies_are_400_and_a_step_moving_to_an_unknown_group_is_422()
    {
        var bad = await _api.PutPolicies(_admin, "contoso", new
        {
            policies = new object[]
            {
                new { name = "p1", priority = "Urgentest", resolution = "four hours" },
                new { name = "p2", firstResponse = "08:00:00", resolution = "01:00:00", calendar = "lunar", pauseOn = new[] { "Lunch" } },
            },
        });
        Assert.Equal(400, bad.Status);
        var errors = bad.Json.GetProperty("errors");
        foreach (var field in new[] { "policies[0].priority", "policies[0].resolution", "policies[1].firstResponse", "policies[1].calendar", "policies[1].pauseOn[0]" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field + ": " + bad.Body);
        }
        var unknown = await _api.PutPolicies(_admin, "contoso", new
        {
            policies = new[] { new { name = "p1", resolution = "01:00:00", escalation = new[] { new { percent = 100, level = "Hierarchical", moveToGroup = "nowhere" } } } },
        });
        Assert.Equal(422, unknown.Status);
        Assert.Contains("nowhere", unknown.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_routing_rule_naming_an_unknown_group_is_422_and_a_known_one_is_stored()
    {
        var unknown = await _api.PutRouting(_admin, "contoso", new { rules = new[] { new { name = "vpn", keywords = new[] { "vpn" }, group = "network" } } });
        Assert.Equal(422, unknown.Status);
        Assert.StartsWith("application/problem+json", unknown.ContentType, StringComparison.Ordinal);
        Assert.Equal(200, (await _api.PutGroup(_admin, "network", new { name = "Nätverk", email = "network@supplier.se" })).Status);
        var stored = await _api.PutRouting(_admin, "contoso", new { rules = new[] { new { name = "vpn", keywords = new[] { "vpn" }, group = "network" } } });
        Assert.Equal(200, stored.Status);
        var invalid = await _api.PutRouting(_admin, "contoso", new { rules = new[] { new { name = "", channel = "Pigeon", group = "network" } } });
        Assert.Equal(400, invalid.Status);
    }

    [Fact]
    public async Task Only_administrators_write_and_only_staff_read()
    {
        var agent = await _app.TokenAsync(new { userId = "a1", name = "Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        var user = await _app.TokenAsync("u1", "contoso", "EndUser");
        Assert.Equal(403, (await _api.PutCalendar(agent, "contoso", new { alwaysOpen = true })).Status);
        Assert.Equal(200, (await _api.GetCalendar(agent, "contoso")).Status);
        Assert.Equal(403, (await _api.GetCalendar(user, "contoso")).Status);
        Assert.Equal(404, (await _api.GetCalendar(_admin, "nosuchcustomer")).Status);
        Assert.Equal(401, (await _api.GetCalendar("not-a-token", "contoso")).Status);
    }
}
