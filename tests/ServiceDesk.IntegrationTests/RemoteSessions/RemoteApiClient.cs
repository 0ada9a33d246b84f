using ServiceDesk.Functions.RemoteSessions;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.RemoteSessions;

/// <summary>The device and remote-session routes, called the way the HTTP routes do; device calls send <c>Authorization: Device ...</c>.</summary>
public sealed class RemoteApiClient(TestApp app)
{
    private DevicesApi Devices => app.Get<DevicesApi>();
    private RemoteSessionsApi Sessions => app.Get<RemoteSessionsApi>();

    private static Dictionary<string, string>? Device(string? credential) =>
        credential is null ? null : new() { ["Authorization"] = "Device " + credential };

    public Task<ApiResponse> CreateKey(string token, string customer, object body) =>
        app.SendAsync(r => Devices.CreateKey(r, customer), "POST", $"/api/customers/{customer}/enrolment-keys", body, token);

    public Task<ApiResponse> ListKeys(string token, string customer) =>
        app.SendAsync(r => Devices.ListKeys(r, customer), "GET", $"/api/customers/{customer}/enrolment-keys", token: token);

    public Task<ApiResponse> RevokeKey(string token, string customer, string keyId) =>
        app.SendAsync(r => Devices.RevokeKey(r, customer, keyId), "DELETE", $"/api/customers/{customer}/enrolment-keys/{keyId}", token: token);

    public Task<ApiResponse> PutSettings(string token, string customer, object body) =>
        app.SendAsync(r => Devices.PutSettings(r, customer), "PUT", $"/api/customers/{customer}/remote-control", body, token);

    public Task<ApiResponse> ListDevices(string token, string customer) =>
        app.SendAsync(r => Devices.ListForCustomer(r, customer), "GET", $"/api/customers/{customer}/devices", token: token);

    public Task<ApiResponse> MyDevices(string token) =>
        app.SendAsync(r => Devices.ListMine(r), "GET", "/api/me/devices", token: token);

    public Task<ApiResponse> Enrol(object body) =>
        app.SendAsync(r => Devices.Enrol(r), "POST", "/api/devices/enrol", body);

    public Task<ApiResponse> Remove(string token, string id) =>
        app.SendAsync(r => Devices.Remove(r, id), "DELETE", $"/api/devices/{id}", token: token);

    public Task<ApiResponse> Revoke(string token, string id) =>
        app.SendAsync(r => Devices.Revoke(r, id), "POST", $"/api/devices/{id}/revoke", new { }, token);

    public Task<ApiResponse> Audit(string token, string id) =>
        app.SendAsync(r => Devices.Audit(r, id), "GET", $"/api/devices/{id}/audit", token: token);

    public Task<ApiResponse> Heartbeat(string id, string? credential) =>
        app.SendAsync(r => Devices.Heartbeat(r, id), "POST", $"/api/devices/{id}/heartbeat", new { }, headers: Device(credential));

    public Task<ApiResponse> Rotate(string id, string? credential) =>
        app.SendAsync(r => Devices.Rotate(r, id), "POST", $"/api/devices/{id}/credential", new { }, headers: Device(credential));

    public Task<ApiResponse> RequestConnection(string token, string number, object body) =>
        app.SendAsync(r => Sessions.Request(r, number), "POST", $"/api/tickets/{number}/remote-requests", body, token);

    public Task<ApiResponse> GetRequest(string token, string id) =>
        app.SendAsync(r => Sessions.Get(r, id), "GET", $"/api/remote-requests/{id}", token: token);

    public Task<ApiResponse> Poll(string id, string? credential, string lang = "") =>
        app.SendAsync(r => Sessions.Poll(r, id), "GET", $"/api/devices/{id}/connection-requests{(lang == "" ? "" : "?lang=" + lang)}", headers: Device(credential));

    public Task<ApiResponse> Decide(string id, string? credential, string rid, object body) =>
        app.SendAsync(r => Sessions.Decide(r, id, rid), "POST", $"/api/devices/{id}/connection-requests/{rid}/decision", body, headers: Device(credential));

    public Task<ApiResponse> Start(string token, string id, string? grant, string ticketNumber) =>
        app.SendAsync(r => Sessions.Start(r, id), "POST", $"/api/remote-sessions/{id}/start", new { grant, ticketNumber }, token);

    public Task<ApiResponse> EndByTechnician(string token, string id) =>
        app.SendAsync(r => Sessions.End(r, id), "POST", $"/api/remote-sessions/{id}/end", new { }, token);

    public Task<ApiResponse> EndByDevice(string credential, string id) =>
        app.SendAsync(r => Sessions.End(r, id), "POST", $"/api/remote-sessions/{id}/end", new { }, headers: Device(credential));

    public Task<ApiResponse> Report(string token, string id, string text) =>
        app.SendAsync(r => Sessions.Report(r, id), "POST", $"/api/remote-sessions/{id}/reports", new { text }, token);
}
