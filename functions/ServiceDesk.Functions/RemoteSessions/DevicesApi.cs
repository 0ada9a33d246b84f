using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.RemoteSessions;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.RemoteSessions;

/// <summary>
/// Device enrolment and the device registry: enrolment keys and the remote-control policy (admins), enrolment,
/// heartbeat and credential rotation (the device, by key or credential), lists, revocation, removal and audit logs.
/// </summary>
public sealed class DevicesApi(ApiEndpoint endpoint, EnrolmentKeys keys, DeviceEnrolment enrolment, DeviceRegistry registry)
{
    [Function("CreateEnrolmentKey")]
    public Task<IActionResult> CreateKey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "customers/{id}/enrolment-keys")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await keys.CreateAsync(caller, id, await RequestBody.ReadJsonAsync<EnrolmentKeyInput>(req), ct), StatusCodes.Status201Created));

    [Function("ListEnrolmentKeys")]
    public Task<IActionResult> ListKeys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{id}/enrolment-keys")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await keys.ListAsync(caller, id, ct) }));

    [Function("RevokeEnrolmentKey")]
    public Task<IActionResult> RevokeKey([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "customers/{id}/enrolment-keys/{keyId}")] HttpRequest req, string id, string keyId) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await keys.RevokeAsync(caller, id, keyId, ct)));

    [Function("GetRemoteControlSettings")]
    public Task<IActionResult> GetSettings([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{id}/remote-control")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await registry.GetSettingsAsync(caller, id, ct)));

    [Function("PutRemoteControlSettings")]
    public Task<IActionResult> PutSettings([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "customers/{id}/remote-control")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await registry.PutSettingsAsync(caller, id, await RequestBody.ReadJsonAsync<RemoteControlSettingsInput>(req), ct)));

    [Function("ListCustomerDevices")]
    public Task<IActionResult> ListForCustomer([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{id}/devices")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await registry.ListForCustomerAsync(caller, id, ct) }));

    [Function("ListMyDevices")]
    public Task<IActionResult> ListMine([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "me/devices")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await registry.ListMineAsync(caller, ct) }));

    /// <summary>Anonymous: the enrolment key in the body authenticates the request.</summary>
    [Function("EnrolDevice")]
    public Task<IActionResult> Enrol([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "devices/enrol")] HttpRequest req) =>
        endpoint.RunAnonymousAsync(req, async ct =>
            ApiResults.Json(await enrolment.EnrolAsync(await RequestBody.ReadJsonAsync<EnrolDeviceInput>(req), ClientAddress.From(req), ct),
                StatusCodes.Status201Created));

    [Function("GetDevice")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "devices/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await registry.GetAsync(caller, id, ct)));

    [Function("RemoveDevice")]
    public Task<IActionResult> Remove([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "devices/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await registry.RemoveAsync(caller, id, ct)));

    [Function("RevokeDevice")]
    public Task<IActionResult> Revoke([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "devices/{id}/revoke")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await registry.RevokeAsync(caller, id, ct)));

    [Function("GetDeviceAudit")]
    public Task<IActionResult> Audit([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "devices/{id}/audit")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await registry.AuditAsync(caller, id, ct) }));

    [Function("DeviceHeartbeat")]
    public Task<IActionResult> Heartbeat([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "devices/{id}/heartbeat")] HttpRequest req, string id) =>
        endpoint.RunAnonymousAsync(req, async ct => ApiResults.Json(await enrolment.HeartbeatAsync(id, DeviceCredential.From(req), ct)));

    [Function("RotateDeviceCredential")]
    public Task<IActionResult> Rotate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "devices/{id}/credential")] HttpRequest req, string id) =>
        endpoint.RunAnonymousAsync(req, async ct => ApiResults.Json(await enrolment.RotateAsync(id, DeviceCredential.From(req), ct)));
}

/// <summary>The device credential: <c>Authorization: Device &lt;credential&gt;</c>. Never logged.</summary>
public static class DeviceCredential
{
    public const string Scheme = "Device";

    public static string? From(HttpRequest req) =>
        req.Headers.Authorization.FirstOrDefault() is { } h && h.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase) ? h[(Scheme.Length + 1)..].Trim() : null;
}
