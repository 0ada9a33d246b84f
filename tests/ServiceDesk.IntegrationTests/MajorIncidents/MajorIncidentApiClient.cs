using ServiceDesk.Functions.MajorIncidents;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.MajorIncidents;

/// <summary>The major-incident routes, called the way the HTTP routes do.</summary>
public sealed class MajorIncidentApiClient(TestApp app)
{
    private MajorIncidentsApi Functions => app.Get<MajorIncidentsApi>();

    public Task<ApiResponse> Declare(string token, object body) =>
        app.SendAsync(r => Functions.Declare(r), "POST", "/api/major-incidents", body, token);

    public Task<ApiResponse> List(string token, string query = "") =>
        app.SendAsync(r => Functions.List(r), "GET", "/api/major-incidents" + query, token: token);

    public Task<ApiResponse> Update(string token, string id, object body) =>
        app.SendAsync(r => Functions.Update(r, id), "POST", $"/api/major-incidents/{id}/updates", body, token);

    public Task<ApiResponse> Resolve(string token, string id, object body) =>
        app.SendAsync(r => Functions.Resolve(r, id), "POST", $"/api/major-incidents/{id}/resolve", body, token);

    public Task<ApiResponse> Link(string token, string id, string number) =>
        app.SendAsync(r => Functions.Link(r, id), "POST", $"/api/major-incidents/{id}/links", new { number }, token);

    public Task<ApiResponse> Unlink(string token, string id, string number) =>
        app.SendAsync(r => Functions.Unlink(r, id, number), "DELETE", $"/api/major-incidents/{id}/links/{number}", token: token);

    public Task<ApiResponse> Timeline(string token, string id) =>
        app.SendAsync(r => Functions.Timeline(r, id), "GET", $"/api/major-incidents/{id}/timeline", token: token);

    public Task<ApiResponse> PutSettings(string token, string customer, object body) =>
        app.SendAsync(r => Functions.PutSettings(r, customer), "PUT", $"/api/customers/{customer}/major-incident-settings", body, token);

    public Task<ApiResponse> OptOut(string token, bool optedOut) =>
        app.SendAsync(r => Functions.OptOut(r), "PUT", "/api/me/major-incident-mails", new { optedOut }, token);

    public Task<ApiResponse> PublicStatus(string customer, string? ifNoneMatch = null) =>
        app.SendAsync(r => Functions.PublicStatus(r, customer), "GET", $"/api/status/{customer}",
            headers: ifNoneMatch is null ? null : new Dictionary<string, string> { ["If-None-Match"] = ifNoneMatch });
}
