using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using ServiceDesk.Functions.Http.OpenApi;

namespace ServiceDesk.IntegrationTests.OpenApi;

/// <summary>The document against the app's HTTP triggers (both ways), and its own shape. No storage needed.</summary>
public sealed class OpenApiDocumentTests
{
    private static readonly IReadOnlyList<HttpRoute> Triggers = HttpRoutes.Of(typeof(OpenApiDocumentBuilder).Assembly);
    private static readonly JsonNode Document = JsonNode.Parse(OpenApiDocumentBuilder.Json)!;

    private static IEnumerable<(string Key, JsonNode Operation)> Operations() =>
        from path in Document["paths"]!.AsObject()
        from operation in path.Value!.AsObject()
        select (HttpRoute.Key(operation.Key, path.Key.TrimStart('/')), operation.Value!);

    [Fact]
    public void Every_http_trigger_has_an_entry_in_ApiRoutes()
    {
        var described = ApiRoutes.All.Select(s => HttpRoute.Key(s.Method, s.Route)).ToHashSet();
        var missing = Triggers.Where(t => !described.Contains(t.Key())).Select(t => $"{t.Key()} ({t.Function})").ToList();
        Assert.True(missing.Count == 0,
            "These HTTP triggers have no entry in functions/ServiceDesk.Functions/Http/OpenApi/ApiRoutes.cs (add one: bodies, status, headers):\n  " +
            string.Join("\n  ", missing));
    }

    [Fact]
    public void Every_ApiRoutes_entry_is_an_http_trigger_and_appears_once()
    {
        var served = Triggers.Select(t => t.Key()).ToHashSet();
        var stale = ApiRoutes.All.Select(s => HttpRoute.Key(s.Method, s.Route)).Where(k => !served.Contains(k)).ToList();
        Assert.True(stale.Count == 0, "ApiRoutes.cs describes routes no [HttpTrigger] serves:\n  " + string.Join("\n  ", stale));
        var twice = ApiRoutes.All.GroupBy(s => HttpRoute.Key(s.Method, s.Route)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "Described twice: " + string.Join(", ", twice));
    }

    [Fact]
    public void The_document_has_exactly_the_http_triggers()
    {
        var inDocument = Operations().Select(o => o.Key).Order().ToList();
        var triggers = Triggers.Select(t => t.Key()).Order().ToList();
        Assert.Equal(triggers, inDocument);
    }

    [Fact]
    public void Every_operation_has_a_success_response_with_a_schema_and_its_problem_responses()
    {
        var specs = ApiRoutes.All.ToDictionary(s => HttpRoute.Key(s.Method, s.Route));
        // Triggers without an entry are Every_http_trigger_has_an_entry_in_ApiRoutes' failure, not this test's.
        foreach (var (key, operation) in Operations().Where(o => specs.ContainsKey(o.Key)))
        {
            var responses = operation["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            Assert.True(success.Count > 0, key + " has no 2xx response");
            Assert.True(success.Any(r => r.Key is "202" or "204" || r.Value!["content"]?.AsObject().Any(c => c.Value!["schema"] is not null) == true),
                key + " has no 2xx response with a schema");
            if (!specs[key].Problems)
            {
                continue;
            }
            foreach (var status in new[] { "400", "404", "500", "503" })
            {
                Assert.True(responses[status]?["content"]?["application/problem+json"]?["schema"] is not null, $"{key} lacks a problem+json {status}");
            }
            Assert.Equal("#/components/schemas/ValidationProblem", responses["400"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
            var secured = operation["security"] is JsonArray { Count: > 0 };
            Assert.True(secured == (specs[key].Auth is RouteAuth.Bearer or RouteAuth.FunctionKey), key + ": security does not match its RouteAuth");
            Assert.True((specs[key].Auth != RouteAuth.None) == (responses["401"] is not null), key + ": 401 only where credentials (token, key or signature) are checked");
            if (operation["parameters"] is JsonArray parameters && parameters.Any(p => p!["name"]!.GetValue<string>() == "If-Match"))
            {
                Assert.True(responses["412"] is not null, key + " takes If-Match but documents no 412");
            }
            if (operation["requestBody"] is not null)
            {
                Assert.True(responses["415"] is not null && responses["413"] is not null, key + " takes a body but documents no 413/415");
            }
        }
    }

    [Theory]
    [InlineData("GET health")]
    [InlineData("POST dev/token")]
    [InlineData("GET status/{customerId}")]
    [InlineData("GET openapi.json")]
    [InlineData("GET docs")]
    [InlineData("POST vendors/{vendorId}/callback")]
    [InlineData("GET approvals/link")]
    [InlineData("GET texts")]
    [InlineData("GET surveys/link")]
    [InlineData("POST surveys/link")]
    [InlineData("GET privacy/exports/{id}/download")]
    public void Anonymous_routes_need_no_bearer_token(string key)
    {
        var operation = Operations().Single(o => o.Key == key).Operation;
        Assert.Empty(operation["security"]!.AsArray());
    }

    [Fact]
    public void Other_routes_need_a_bearer_token_and_inbound_mail_the_function_key()
    {
        var anonymous = new[] { "GET health", "POST dev/token", "GET status/{customerId}", "GET openapi.json", "GET docs", "GET portal/{path}",
            "POST vendors/{vendorId}/callback", "GET approvals/link", "POST approvals/link", "POST inbound/email",
            "GET texts", "GET surveys/link", "POST surveys/link",
            // the device tool authenticates with an enrolment key or its device credential, never a bearer token
            "POST devices/enrol", "POST devices/{id}/heartbeat", "POST devices/{id}/credential", "GET devices/{id}/connection-requests",
            "POST devices/{id}/connection-requests/{rid}/decision",
            // the export download link is signed (the token is the credential)
            "GET privacy/exports/{id}/download" };
        foreach (var (key, operation) in Operations().Where(o => !anonymous.Contains(o.Key) && o.Operation["x-undescribed"] is null))
        {
            Assert.True(operation["security"]?[0]?["bearer"] is not null, key + " should require the bearer scheme");
        }
        Assert.NotNull(Operations().Single(o => o.Key == "POST inbound/email").Operation["security"]![0]!["functionKey"]);
    }

    [Fact]
    public void Headers_of_optimistic_concurrency_and_idempotency_are_documented()
    {
        var create = Operations().Single(o => o.Key == "POST tickets").Operation;
        Assert.Contains(create["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "Idempotency-Key" && p["in"]!.GetValue<string>() == "header");
        Assert.NotNull(create["responses"]!["201"]!["headers"]!["ETag"]);
        Assert.NotNull(create["responses"]!["201"]!["headers"]!["Location"]);
        Assert.NotNull(create["responses"]!["422"]);
        var patch = Operations().Single(o => o.Key == "PATCH tickets/{number}").Operation;
        Assert.Contains(patch["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "If-Match" && p["required"]?.GetValue<bool>() == true);
        Assert.NotNull(patch["responses"]!["428"]);
    }

    [Fact]
    public void Schemas_follow_the_serializer_naming()
    {
        var schemas = Document["components"]!["schemas"]!;
        var ticket = schemas["TicketResponse"]!;
        Assert.NotNull(ticket["properties"]!["number"]);
        Assert.Contains("number", ticket["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.False(ticket["additionalProperties"]!.GetValue<bool>());
        var status = ticket["properties"]!["status"]!;
        var enumValues = (status["enum"] ?? schemas[status["$ref"]?.GetValue<string>()?.Split('/')[^1] ?? ""]?["enum"])!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        Assert.Contains("inProgress", enumValues);
    }

    [Fact]
    public void The_document_is_openapi_3_1_and_reads_back_without_errors()
    {
        Assert.StartsWith("3.1", Document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var result = OpenApiDocument.Parse(OpenApiDocumentBuilder.Json, "json", new OpenApiReaderSettings());
        Assert.Empty(result.Diagnostic?.Errors ?? []);
        Assert.Equal(Triggers.Select(t => t.Route).Distinct().Count(), result.Document!.Paths.Count);
        var validation = result.Document.Validate(ValidationRuleSet.GetDefaultRuleSet());
        Assert.Empty(validation ?? []);
    }

    [Fact]
    public void The_device_tools_rate_limited_routes_document_429()
    {
        foreach (var key in new[] { "POST devices/enrol", "POST devices/{id}/heartbeat", "GET devices/{id}/connection-requests", "POST devices/{id}/connection-requests/{rid}/decision" })
        {
            Assert.NotNull(Operations().Single(o => o.Key == key).Operation["responses"]!["429"]);
        }
        Assert.Null(Operations().Single(o => o.Key == "GET tickets/{number}").Operation["responses"]!["429"]);
    }
}
