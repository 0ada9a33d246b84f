using ServiceDesk.Functions.Tickets;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.ServiceLevels;

/// <summary>The service level admin routes, called the way the HTTP routes do.</summary>
public sealed class ServiceLevelsApiClient(TestApp app)
{
    private ServiceLevelsApi Functions => app.Get<ServiceLevelsApi>();

    public Task<ApiResponse> PutCalendar(string token, string customer, object body) =>
        app.SendAsync(r => Functions.PutCalendar(r, customer), "PUT", $"/api/customers/{customer}/calendar", body, token);

    public Task<ApiResponse> GetCalendar(string token, string customer) =>
        app.SendAsync(r => Functions.GetCalendar(r, customer), "GET", $"/api/customers/{customer}/calendar", token: token);

    public Task<ApiResponse> PutPolicies(string token, string customer, object body) =>
        app.SendAsync(r => Functions.PutPolicies(r, customer), "PUT", $"/api/customers/{customer}/sla-policies", body, token);

    public Task<ApiResponse> GetPolicies(string token, string customer, string query = "") =>
        app.SendAsync(r => Functions.GetPolicies(r, customer), "GET", $"/api/customers/{customer}/sla-policies{query}", token: token);

    public Task<ApiResponse> PutRouting(string token, string customer, object body) =>
        app.SendAsync(r => Functions.PutRouting(r, customer), "PUT", $"/api/customers/{customer}/routing-rules", body, token);

    public Task<ApiResponse> PutGroup(string token, string id, object body) =>
        app.SendAsync(r => Functions.PutGroup(r, id), "PUT", $"/api/groups/{id}", body, token);
}
