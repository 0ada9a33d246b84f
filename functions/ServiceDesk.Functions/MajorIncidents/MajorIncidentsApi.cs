using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.MajorIncidents;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Tickets;

namespace ServiceDesk.Functions.MajorIncidents;

/// <summary>Major incidents: declare, status, updates, resolution, children, timeline; customer settings and opt-out.</summary>
public sealed class MajorIncidentsApi(
    ApiEndpoint endpoint, Application.MajorIncidents.MajorIncidents incidents, MajorIncidentQueries queries,
    MajorIncidentSettingsAdministration settings, TimeProvider time)
{
    [Function("DeclareMajorIncident")]
    public Task<IActionResult> Declare([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "major-incidents")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<DeclareMajorIncidentInput>(req);
            var result = await incidents.DeclareAsync(caller, input, req.Headers["Idempotency-Key"].FirstOrDefault(), ct);
            req.HttpContext.Response.Headers.Location = $"/api/major-incidents/{result.Incident.Id}";
            return ApiResults.Json(result.Incident, result.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
        });

    [Function("ListMajorIncidents")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "major-incidents")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(new { items = await queries.ListAsync(caller, req.Query["customerId"].FirstOrDefault(), time.GetUtcNow(), ct) }));

    [Function("GetMajorIncident")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "major-incidents/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await queries.GetAsync(caller, id, ct)));

    [Function("GetMajorIncidentTimeline")]
    public Task<IActionResult> Timeline([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "major-incidents/{id}/timeline")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await queries.TimelineAsync(caller, id, ct)));

    [Function("PostMajorIncidentUpdate")]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "major-incidents/{id}/updates")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await incidents.PostUpdateAsync(caller, id, await RequestBody.ReadJsonAsync<MajorIncidentUpdateInput>(req), ct)));

    [Function("ResolveMajorIncident")]
    public Task<IActionResult> Resolve([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "major-incidents/{id}/resolve")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await incidents.ResolveAsync(caller, id, await RequestBody.ReadJsonAsync<ResolveMajorIncidentInput>(req), ct)));

    [Function("LinkToMajorIncident")]
    public Task<IActionResult> Link([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "major-incidents/{id}/links")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<LinkInput>(req);
            return ApiResults.Json(TicketResponse.From((await incidents.LinkAsync(caller, id, input.Number ?? "", ct)).State));
        });

    [Function("UnlinkFromMajorIncident")]
    public Task<IActionResult> Unlink([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "major-incidents/{id}/links/{number}")] HttpRequest req, string id, string number) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(TicketResponse.From((await incidents.UnlinkAsync(caller, id, number, ct)).State)));

    [Function("GetMajorIncidentSettings")]
    public Task<IActionResult> GetSettings([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{id}/major-incident-settings")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await settings.GetAsync(caller, id, ct)));

    [Function("PutMajorIncidentSettings")]
    public Task<IActionResult> PutSettings([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "customers/{id}/major-incident-settings")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await settings.PutAsync(caller, id, await RequestBody.ReadJsonAsync<MajorIncidentSettingsInput>(req, SettingsMaxBytes), ct)));

    /// <summary>Up to <see cref="MajorIncidentSettingsAdministration.MaxSubscribers"/> subscribers of a few hundred bytes each.</summary>
    public const int SettingsMaxBytes = 4 * 1024 * 1024;

    [Function("PutMajorIncidentMailPreference")]
    public Task<IActionResult> OptOut([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "me/major-incident-mails")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<MailPreferenceInput>(req);
            await settings.SetOptOutAsync(caller, input.OptedOut ?? true, ct);
            return ApiResults.Json(new { optedOut = input.OptedOut ?? true });
        });

    /// <summary>The public status of one customer (only when its settings publish it; else 404), cacheable for 30 s.</summary>
    [Function("GetPublicStatus")]
    public Task<IActionResult> PublicStatus([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "status/{customerId}")] HttpRequest req, string customerId) =>
        endpoint.RunAnonymousAsync(req, async ct =>
        {
            var items = await queries.PublicStatusAsync(customerId, time.GetUtcNow(), ct);
            if (items is null)
            {
                return Problems.For(new Application.Common.NotFoundException("No public status is published for this customer."), req);
            }
            var body = new { customerId, items };
            var etag = "\"" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
                System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, Http.Json.Options)))[..16].ToLowerInvariant() + "\"";
            req.HttpContext.Response.Headers.CacheControl = "public, max-age=30";
            if (req.Headers.IfNoneMatch.Contains(etag))
            {
                req.HttpContext.Response.Headers.ETag = etag;
                return new StatusCodeResult(StatusCodes.Status304NotModified);
            }
            req.HttpContext.Response.Headers.ETag = etag;
            return ApiResults.Json(body);
        });

    public sealed record LinkInput(string? Number);

    public sealed record MailPreferenceInput(bool? OptedOut);
}
