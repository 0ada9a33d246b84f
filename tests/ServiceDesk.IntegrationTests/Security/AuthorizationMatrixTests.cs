using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Security;

/// <summary>
/// Two customers, every role: who sees and changes a ticket of customer "contoso" opened by its user u-owner.
/// Outside the ticket's customer, a ticket is indistinguishable from a missing one (404).
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Api _api = null!;
    private readonly Dictionary<string, string> _tokens = new();
    private string _number = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        await _app.SeedCustomerAsync("contoso");
        await _app.SeedCustomerAsync("fabrikam");
        async Task Add(string name, string user, string customer, string role, string[]? served = null) =>
            _tokens[name] = await _app.TokenAsync(new { userId = user, name = user, email = user + "@example.se", customerId = customer, roles = new[] { role }, servedCustomers = served });
        await Add("owner", "u-owner", "contoso", "EndUser");
        await Add("colleague", "u-colleague", "contoso", "EndUser");
        await Add("approver", "u-approver", "contoso", "Approver");
        await Add("foreignUser", "u-foreign", "fabrikam", "EndUser");
        await Add("agent", "a-contoso", "supplier", "Agent", ["contoso"]);
        await Add("foreignAgent", "a-fabrikam", "supplier", "Agent", ["fabrikam"]);
        await Add("admin", "admin-1", "supplier", "Admin");
        await Add("integration", "svc-monitor", "contoso", "Integration");
        await Add("foreignIntegration", "svc-fab", "fabrikam", "Integration");
        _number = (await _api.Create(_tokens["owner"], Api.Incident())).Get("number");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("owner", 200)]
    [InlineData("colleague", 404)]
    [InlineData("approver", 404)]
    [InlineData("foreignUser", 404)]
    [InlineData("agent", 200)]
    [InlineData("foreignAgent", 404)]
    [InlineData("admin", 200)]
    [InlineData("integration", 200)]
    [InlineData("foreignIntegration", 404)]
    public async Task Reading_the_ticket(string who, int expected)
    {
        var response = await _api.Get(_tokens[who], _number);
        Assert.Equal(expected, response.Status);
        if (expected == 404)
        {
            // Same answer as for a number that does not exist at all.
            var missing = await _api.Get(_tokens[who], "INC-999999");
            Assert.Equal(404, missing.Status);
            Assert.DoesNotContain("contoso", response.Body);
        }
    }

    [Theory]
    [InlineData("owner", true)]
    [InlineData("colleague", false)]
    [InlineData("foreignUser", false)]
    [InlineData("agent", true)]
    [InlineData("foreignAgent", false)]
    [InlineData("admin", true)]
    [InlineData("integration", true)]
    [InlineData("foreignIntegration", false)]
    public async Task Listing_shows_the_ticket_only_to_those_who_may_see_it(string who, bool sees)
    {
        var response = await _api.List(_tokens[who]);
        Assert.Equal(200, response.Status);
        var numbers = response.Json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetString()).ToList();
        Assert.Equal(sees, numbers.Contains(_number));
    }

    [Theory]
    [InlineData("owner", 403)]
    [InlineData("colleague", 404)]
    [InlineData("approver", 404)]
    [InlineData("foreignUser", 404)]
    [InlineData("agent", 200)]
    [InlineData("foreignAgent", 404)]
    [InlineData("admin", 200)]
    [InlineData("foreignIntegration", 404)]
    public async Task Assigning_the_ticket(string who, int expected)
    {
        var etag = (await _api.Get(_tokens["admin"], _number)).ETag;
        var response = await _api.Transition(_tokens[who], _number, "assign", new { group = "L1" }, etag);
        Assert.Equal(expected, response.Status);
    }

    [Theory]
    [InlineData("owner", 200)]
    [InlineData("colleague", 404)]
    [InlineData("foreignUser", 404)]
    [InlineData("agent", 200)]
    [InlineData("foreignAgent", 404)]
    [InlineData("integration", 200)]
    public async Task Commenting_publicly(string who, int expected) =>
        Assert.Equal(expected, (await _api.Comment(_tokens[who], _number, "Hej")).Status);

    [Theory]
    [InlineData("owner", 403)]
    [InlineData("agent", 200)]
    [InlineData("admin", 200)]
    [InlineData("foreignAgent", 404)]
    public async Task Adding_internal_notes(string who, int expected) =>
        Assert.Equal(expected, (await _api.Comment(_tokens[who], _number, "Intern", "internal")).Status);

    [Theory]
    [InlineData("owner", 200)]
    [InlineData("agent", 200)]
    [InlineData("foreignAgent", 404)]
    [InlineData("foreignUser", 404)]
    public async Task Cancelling(string who, int expected)
    {
        var number = (await _api.Create(_tokens["owner"], Api.Incident())).Get("number");
        var etag = (await _api.Get(_tokens["admin"], number)).ETag;
        Assert.Equal(expected, (await _api.Transition(_tokens[who], number, "cancel", new { reason = "Behövs inte" }, etag)).Status);
    }

    [Fact]
    public async Task With_organisation_view_a_colleague_sees_but_cannot_change_the_ticket()
    {
        await _app.SeedCustomerAsync("contoso", organisationView: true);
        await using var fresh = await TestApp.StartAsync(s => s["ServiceDesk:Storage:TablePrefix"] = _app.TablePrefix);
        var api = new Api(fresh);

        Assert.Equal(200, (await api.Get(_tokens["colleague"], _number)).Status);
        Assert.Equal(404, (await api.Get(_tokens["foreignUser"], _number)).Status);
        var etag = (await api.Get(_tokens["colleague"], _number)).ETag;
        Assert.Equal(403, (await api.Transition(_tokens["colleague"], _number, "cancel", new { reason = "x" }, etag)).Status);
        await _app.SeedCustomerAsync("contoso", organisationView: false);
    }

    [Fact]
    public async Task Agents_open_tickets_only_for_customers_they_serve()
    {
        Assert.Equal(400, (await _api.Create(_tokens["foreignAgent"], Api.OnBehalf("contoso"))).Status);
        Assert.Equal(201, (await _api.Create(_tokens["agent"], Api.OnBehalf("contoso"))).Status);
        Assert.Equal(404, (await _api.List(_tokens["foreignAgent"], "?customerId=contoso")).Status);
    }

    [Fact]
    public async Task End_users_cannot_open_tickets_for_others_or_register_problems()
    {
        var forOther = await _api.Create(_tokens["owner"], Api.OnBehalf("fabrikam"));
        var problem = await _api.Create(_tokens["owner"], new { kind = "Problem", title = "x", description = "y" });
        Assert.Equal(400, forOther.Status);
        Assert.True(forOther.Json.GetProperty("errors").TryGetProperty("customerId", out _));
        Assert.Equal(400, problem.Status);
    }

    [Fact]
    public async Task Requests_without_a_valid_token_get_401()
    {
        var none = await _app.SendAsync(r => _app.Get<ServiceDesk.Functions.Tickets.TicketsApi>().Get(r, _number), "GET", "/api/tickets/" + _number);
        var forged = await _api.Get(_tokens["owner"][..^4] + "AAAA", _number);
        Assert.Equal(401, none.Status);
        Assert.Equal(401, forged.Status);
        Assert.Equal("Bearer", none.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task Only_admins_change_the_customer_registry()
    {
        var body = new { name = "Northwind AB", emailDomains = new[] { "northwind.se" }, defaultLanguage = "sv" };
        Assert.Equal(403, (await _api.PutCustomer(_tokens["agent"], "northwind", body)).Status);
        Assert.Equal(403, (await _api.PutCustomer(_tokens["owner"], "northwind", body)).Status);
        Assert.Equal(200, (await _api.PutCustomer(_tokens["admin"], "northwind", body)).Status);
        Assert.Equal(400, (await _api.PutCustomer(_tokens["admin"], "North'wind", body)).Status);
    }
}
