using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceDesk.EndToEndTests.Infrastructure;

/// <summary>
/// Checks real responses against the OpenAPI document the host serves (<c>GET /api/openapi.json</c>): the route
/// and method must be in it, the status must be documented, and a JSON body must match that status's schema.
/// <see cref="ApiClient"/> runs it on every response it returns, so the end-to-end suite exercises the contract.
/// </summary>
public static class OpenApiContract
{
    private static readonly ConcurrentDictionary<Uri, Task<(JsonNode Document, SchemaValidator Validator)>> Documents = new();

    public static async Task AssertMatchesAsync(HttpClient client, HttpMethod method, string path, HttpResponseMessage response)
    {
        var (document, validator) = await Documents.GetOrAdd(client.BaseAddress!, async _ =>
        {
            var json = await client.GetStringAsync("api/openapi.json");
            return (JsonNode.Parse(json)!, SchemaValidator.FromJson(json));
        });
        var template = Match(document, path);
        var where = $"{method.Method} {path} → {template ?? "(no documented path)"}";
        Assert.True(template is not null, $"{where}: the OpenAPI document has no path for it");
        var operation = document["paths"]![template!]![method.Method.ToLowerInvariant()];
        Assert.True(operation is not null, $"{where}: the OpenAPI document has no {method.Method} operation");
        if (operation!["x-undescribed"] is not null)
        {
            // A trigger without an ApiRoutes entry yet: OpenApiDocumentTests fails naming it; the flows need not fail too.
            return;
        }
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var documented = operation["responses"]![status];
        Assert.True(documented is not null, $"{where}: status {status} is not documented");
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not ("application/json" or "application/problem+json"))
        {
            return;
        }
        await response.Content.LoadIntoBufferAsync();
        var body = await response.Content.ReadAsStringAsync();
        var schema = documented!["content"]?[mediaType]?["schema"];
        Assert.True(schema is not null, $"{where}: status {status} documents no {mediaType} body, got {body}");
        var errors = validator.Validate(schema!, JsonDocument.Parse(body).RootElement);
        Assert.True(errors.Count == 0, $"{where} {status} does not match the OpenAPI schema:\n  {string.Join("\n  ", errors)}\n{body}");
    }

    /// <summary>The document path for a request path (<c>api/tickets/INC-1?x=1</c> → <c>/tickets/{number}</c>); literal segments win.</summary>
    private static string? Match(JsonNode document, string path)
    {
        var segments = path.Split('?')[0].Trim('/').Split('/').SkipWhile(s => s == "api").ToArray();
        return document["paths"]!.AsObject()
            .Select(p => (Template: p.Key, Parts: p.Key.Trim('/').Split('/')))
            .Where(p => p.Parts.Length == segments.Length &&
                        p.Parts.Zip(segments).All(z => z.First.StartsWith('{') || string.Equals(z.First, Uri.UnescapeDataString(z.Second), StringComparison.Ordinal)))
            .OrderByDescending(p => p.Parts.Count(part => !part.StartsWith('{')))
            .Select(p => p.Template)
            .FirstOrDefault();
    }
}
