using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.RemoteSessions;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.RemoteSessions;

/// <summary>Request → consent → grant → session: the technician's routes (bearer token) and the device's (device credential).</summary>
public sealed class RemoteSessionsApi(ApiEndpoint endpoint, ConnectionRequests requests, RemoteSessionLifecycle sessions)
{
    [Function("RequestRemoteConnection")]
    public Task<IActionResult> Request([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{number}/remote-requests")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var created = await requests.CreateAsync(caller, number, await RequestBody.ReadJsonAsync<ConnectionRequestInput>(req), ct);
            req.HttpContext.Response.Headers.Location = $"/api/remote-requests/{created.Id}";
            return ApiResults.Json(created, StatusCodes.Status201Created);
        });

    [Function("GetRemoteRequest")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "remote-requests/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            req.HttpContext.Response.Headers.CacheControl = "no-store";   // may carry the grant
            return ApiResults.Json(await requests.GetAsync(caller, id, ct));
        });

    [Function("PollConnectionRequests")]
    public Task<IActionResult> Poll([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "devices/{id}/connection-requests")] HttpRequest req, string id) =>
        endpoint.RunAnonymousAsync(req, async ct =>
            ApiResults.Json(new { items = await requests.PendingAsync(id, DeviceCredential.From(req), req.Query["lang"].FirstOrDefault(), ct) }));

    [Function("DecideConnectionRequest")]
    public Task<IActionResult> Decide([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "devices/{id}/connection-requests/{rid}/decision")] HttpRequest req, string id, string rid) =>
        endpoint.RunAnonymousAsync(req, async ct =>
            ApiResults.Json(await requests.DecideAsync(id, DeviceCredential.From(req), rid, await RequestBody.ReadJsonAsync<ConnectionDecisionInput>(req), ct)));

    [Function("StartRemoteSession")]
    public Task<IActionResult> Start([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "remote-sessions/{id}/start")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await sessions.StartAsync(caller, id, await RequestBody.ReadJsonAsync<StartSessionInput>(req), ct)));

    /// <summary>The technician (bearer token) or the user from the device tool (<c>Authorization: Device ...</c>) ends the session.</summary>
    [Function("EndRemoteSession")]
    public Task<IActionResult> End([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "remote-sessions/{id}/end")] HttpRequest req, string id) =>
        DeviceCredential.From(req) is { } credential
            ? endpoint.RunAnonymousAsync(req, async ct => ApiResults.Json(await sessions.EndByDeviceAsync(id, credential, ct)))
            : endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await sessions.EndByStaffAsync(caller, id, ct)));

    [Function("ReportRemoteSession")]
    public Task<IActionResult> Report([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "remote-sessions/{id}/reports")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await sessions.ReportAsync(caller, id, await RequestBody.ReadJsonAsync<SessionReportInput>(req), ct), StatusCodes.Status201Created));
}
