using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Security;

/// <summary>Whatever a client sends, it gets a clear 4xx problem — never a 500 and never another customer's data.</summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Api _api = null!;
    private string _contosoUser = null!;
    private string _fabrikamAgent = null!;
    private string _contosoNumber = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        await _app.SeedCustomerAsync("contoso");
        await _app.SeedCustomerAsync("fabrikam");
        _contosoUser = await _app.TokenAsync("u-1", "contoso", "EndUser");
        _fabrikamAgent = await _app.TokenAsync(new { userId = "a-f", name = "F", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "fabrikam" } });
        _contosoNumber = (await _api.Create(_contosoUser, Api.Incident())).Get("number");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("{\"kind\":\"Incident\",")]
    [InlineData("[1,2,3]")]
    [InlineData("null")]
    [InlineData("{\"kind\":\"Incident\",\"title\":5,\"description\":\"x\"}")]
    [InlineData("{\"kind\":\"Incident\",\"title\":\"t\",\"description\":\"d\",\"isAdmin\":true}")]
    [InlineData("{\"kind\":\"Incident\",\"title\":\"t\",\"description\":\"d\",\"impact\":\"7\"}")]
    [InlineData("{\"kind\":\"Nonsense\",\"title\":\"t\",\"description\":\"d\"}")]
    [InlineData("{\"kind\":\"Incident\",\"title\":\"\",\"description\":\"d\"}")]
    [InlineData("{\"kind\":\"Incident\",\"title\":\"t\\u0000x\",\"description\":\"d\"}")]
    public async Task Malformed_or_invalid_bodies_get_400_problem_details(string body)
    {
        var response = await _api.Create(_contosoUser, body);
        Assert.Equal(400, response.Status);
        Assert.StartsWith("application/problem+json", response.ContentType);
        Assert.True(response.Json.TryGetProperty("errors", out _), response.Body);
    }

    [Fact]
    public async Task Field_errors_name_every_invalid_field()
    {
        var response = await _api.Create(_contosoUser, new { kind = "Incident", title = new string('x', 201), description = "", urgency = "Extreme" });
        var errors = response.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("title", out _));
        Assert.True(errors.TryGetProperty("description", out _));
        Assert.True(errors.TryGetProperty("urgency", out _));
    }

    [Fact]
    public async Task Wrong_content_type_gets_415()
    {
        var response = await _app.SendAsync(r => _app.Get<ServiceDesk.Functions.Tickets.TicketsApi>().Create(r), "POST", "/api/tickets",
            "kind=Incident&title=x", _contosoUser, contentType: "application/x-www-form-urlencoded");
        Assert.Equal(415, response.Status);
    }

    [Fact]
    public async Task Huge_bodies_get_413()
    {
        var response = await _api.Create(_contosoUser, new { kind = "Incident", title = "x", description = new string('å', 200_000) });
        Assert.Equal(413, response.Status);
    }

    [Fact]
    public async Task Overlong_descriptions_within_the_body_limit_get_400()
    {
        var response = await _api.Create(_contosoUser, new { kind = "Incident", title = "x", description = new string('a', 20_000) });
        Assert.Equal(400, response.Status);
    }

    public static TheoryData<string> FilterParameters => new() { "customerId", "status", "kind", "group", "assigneeId", "requesterId", "open", "pageSize", "continuationToken" };

    [Theory]
    [MemberData(nameof(FilterParameters))]
    public async Task OData_metacharacters_in_every_filter_parameter_never_give_500_or_leak(string parameter)
    {
        string[] payloads =
        [
            "'", "x' or PartitionKey ne '", "contoso' or '1' eq '1", "%27%20or%20true", "fabrikam') or (PartitionKey eq 'contoso",
            "\u0000", "a|b/c\\d#e?f", new string('\'', 300),
        ];
        foreach (var payload in payloads)
        {
            var response = await _api.List(_fabrikamAgent, $"?{parameter}={Uri.EscapeDataString(payload)}");
            Assert.True(response.Status is 200 or 400 or 404, $"{parameter}={payload}: {response}");
            Assert.DoesNotContain(_contosoNumber, response.Body);
            Assert.DoesNotContain("contoso", response.Status == 200 ? response.Body : "");
        }
    }

    [Theory]
    [InlineData("INC-000001' or '1' eq '1")]
    [InlineData("inc-000001")]
    [InlineData("../../etc/passwd")]
    [InlineData("INC-")]
    [InlineData("XYZ-000001")]
    public async Task Odd_ticket_numbers_are_simply_not_found(string number)
    {
        Assert.Equal(404, (await _api.Get(_contosoUser, number)).Status);
    }

    [Fact]
    public async Task Unknown_transitions_and_bad_transition_parameters_are_client_errors()
    {
        var etag = (await _api.Get(_contosoUser, _contosoNumber)).ETag;
        var unknown = await _api.Transition(_contosoUser, _contosoNumber, "explode", new { }, etag);
        Assert.Equal(404, unknown.Status);
        var agent = await _app.TokenAsync(new { userId = "a-c", name = "C", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        var badReason = await _api.Transition(agent, _contosoNumber, "pend", new { reason = "Lunch" }, etag);
        Assert.Equal(400, badReason.Status);
    }

    [Fact]
    public async Task Garbage_if_match_values_get_412_not_500()
    {
        var agent = await _app.TokenAsync(new { userId = "a-c", name = "C", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        var response = await _api.Update(agent, _contosoNumber, new { title = "x" }, "W/\"datetime'2020'\", \u00e5\u00e4\u00f6");
        Assert.Equal(412, response.Status);
    }
}
