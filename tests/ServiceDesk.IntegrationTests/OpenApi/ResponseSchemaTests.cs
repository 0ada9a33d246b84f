using System.Text.Json;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.Functions.Http.OpenApi;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.OpenApi;

/// <summary>Real responses of the functions, checked against the schemas the served document gives their operations.</summary>
public sealed class ResponseSchemaTests : IAsyncLifetime
{
    private readonly SchemaValidator _schemas = SchemaValidator.FromJson(OpenApiDocumentBuilder.Json);
    private TestApp _app = null!;
    private Api _api = null!;
    private string _user = null!;
    private string _agent = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        _api = new Api(_app);
        await _app.SeedCustomerAsync("contoso");
        _user = await _app.TokenAsync("u-1", "contoso", "EndUser");
        _agent = await _app.TokenAsync(new { userId = "a-1", name = "Agent", email = "a-1@supplier.se", customerId = "contoso", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private void AssertMatches(string method, string path, ApiResponse response, string mediaType = "application/json")
    {
        var schema = _schemas.ResponseSchema(method, path, response.Status, mediaType);
        var errors = _schemas.Validate(schema, response.Json);
        Assert.True(errors.Count == 0, $"{method.ToUpperInvariant()} {path} {response.Status} does not match its schema:\n  " +
            string.Join("\n  ", errors) + "\n" + response.Body);
    }

    [Fact]
    public async Task Created_read_listed_and_updated_tickets_match_their_schemas()
    {
        var created = await _api.Create(_user, Api.Incident(), Guid.NewGuid().ToString());
        Assert.Equal(201, created.Status);
        AssertMatches("post", "/tickets", created);

        var number = created.Get("number");
        var read = await _api.Get(_agent, number);
        Assert.Equal(200, read.Status);
        AssertMatches("get", "/tickets/{number}", read);

        var assigned = await _api.Transition(_agent, number, "assign", new { group = "servicedesk", assigneeId = "a-1", assigneeName = "Agent" }, read.ETag);
        Assert.Equal(200, assigned.Status);
        AssertMatches("post", "/tickets/{number}/transitions/{action}", assigned);

        var commented = await _api.Comment(_agent, number, "Vi tittar på det.", "internal");
        AssertMatches("post", "/tickets/{number}/comments", commented);

        var list = await _api.List(_agent, "?customerId=contoso");
        Assert.Equal(200, list.Status);
        Assert.NotEmpty(list.Json.GetProperty("items").EnumerateArray());
        AssertMatches("get", "/tickets", list);
    }

    [Fact]
    public async Task A_validation_problem_matches_the_problem_schema()
    {
        var invalid = await _api.Create(_user, new { title = "", kind = "Incident", unknownField = 1 });
        Assert.Equal(400, invalid.Status);
        Assert.StartsWith("application/problem+json", invalid.ContentType, StringComparison.Ordinal);
        AssertMatches("post", "/tickets", invalid, "application/problem+json");

        var missing = await _api.Get(_user, "INC-999999");
        Assert.Equal(404, missing.Status);
        AssertMatches("get", "/tickets/{number}", missing, "application/problem+json");
    }

    [Fact]
    public void The_validator_catches_a_renamed_an_extra_and_a_mistyped_property()
    {
        var ticket = JsonSerializer.SerializeToElement(new Dictionary<string, object> { ["numbr"] = "INC-1", ["status"] = 3 });
        var errors = _schemas.Validate(_schemas.ResponseSchema("get", "/tickets/{number}", 200), ticket);
        Assert.Contains(errors, e => e.Contains("'number' is missing", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'numbr' is not in the schema", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("$.status", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_document_is_served_anonymously_as_json()
    {
        var response = await _app.SendAsync(r => Task.FromResult(new OpenApiFunctions().Document(r)), "GET", "/api/openapi.json");
        Assert.Equal(200, response.Status);
        Assert.StartsWith("application/json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("3.1", response.Json.GetProperty("openapi").GetString()![..3]);
        var docs = await _app.SendAsync(r => Task.FromResult(new OpenApiFunctions().Docs(r)), "GET", "/api/docs");
        Assert.Equal(200, docs.Status);
        Assert.Contains("openapi.json", docs.Body, StringComparison.Ordinal);
    }
}
