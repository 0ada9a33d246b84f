using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Privacy;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Privacy;

/// <summary>Personal data requests (GDPR): erasure jobs and the privacy audit. Admins, or the customer's privacy officer.</summary>
public sealed class PrivacyApi(ApiEndpoint endpoint, PrivacyRequests requests, PrivacyJobQueries queries, DownloadExport downloads)
{
    [Function("RequestErasure")]
    public Task<IActionResult> RequestErasure([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "privacy/erasures")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var job = await requests.RequestAsync(caller, PrivacyJobKind.Erasure, await RequestBody.ReadJsonAsync<ErasureInput>(req), ct);
            req.HttpContext.Response.Headers.Location = $"/api/privacy/erasures/{job.Id}";
            return ApiResults.Json(job, StatusCodes.Status202Accepted);
        });

    [Function("RequestExport")]
    public Task<IActionResult> RequestExport([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "privacy/exports")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var job = await requests.RequestAsync(caller, PrivacyJobKind.Export, await RequestBody.ReadJsonAsync<ErasureInput>(req), ct);
            req.HttpContext.Response.Headers.Location = $"/api/privacy/exports/{job.Id}";
            return ApiResults.Json(job, StatusCodes.Status202Accepted);
        });

    [Function("GetExport")]
    public Task<IActionResult> GetExport([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "privacy/exports/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await queries.GetAsync(caller, PrivacyJobKind.Export, id, ct)));

    /// <summary>The signed link is the credential (no bearer token): whoever the officer hands it to can fetch the zip until it expires.</summary>
    [Function("DownloadExport")]
    public Task<IActionResult> Download([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "privacy/exports/{id}/download")] HttpRequest req, string id) =>
        endpoint.RunAnonymousAsync(req, async ct =>
        {
            var (content, fileName) = await downloads.OpenAsync(id, req.Query["token"].FirstOrDefault(), ct);
            req.HttpContext.Response.Headers.CacheControl = "no-store";
            return new FileStreamResult(content, "application/zip") { FileDownloadName = fileName };
        });

    [Function("GetErasure")]
    public Task<IActionResult> GetErasure([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "privacy/erasures/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await queries.GetAsync(caller, PrivacyJobKind.Erasure, id, ct)));

    [Function("ListPrivacyAudit")]
    public Task<IActionResult> ListAudit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "privacy/audit")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var page = await queries.AuditAsync(caller, req.Query["customerId"].FirstOrDefault(), req.Query["pageSize"].FirstOrDefault(),
                req.Query["continuationToken"].FirstOrDefault(), ct);
            return ApiResults.Json(new { items = page.Items, continuationToken = page.ContinuationToken });
        });
}
