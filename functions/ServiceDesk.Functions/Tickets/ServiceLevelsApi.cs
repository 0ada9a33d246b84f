using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Tickets;

/// <summary>Calendars, service level policies and routing rules of a customer; the supplier's assignment groups.</summary>
public sealed class ServiceLevelsApi(ApiEndpoint endpoint, ServiceLevelAdministration admin)
{
    [Function("GetCalendar")]
    public Task<IActionResult> GetCalendar([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{id}/calendar")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await admin.GetCalendarAsync(caller, id, ct)));

    [Function("PutCalendar")]
    public Task<IActionResult> PutCalendar([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "customers/{id}/calendar")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await admin.PutCalendarAsync(caller, id, await RequestBody.ReadJsonAsync<CalendarInput>(req), ct)));

    [Function("GetSlaPolicies")]
    public Task<IActionResult> GetPolicies([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{id}/sla-policies")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var raw = req.Query["version"].FirstOrDefault();
            int? version = null;
            if (raw is not null)
            {
                version = int.TryParse(raw, out var v) && v >= 1 ? v : throw ValidationException.For("version", FieldRule.Invalid, "'version' must be a positive whole number.");
            }
            return ApiResults.Json(await admin.GetPoliciesAsync(caller, id, version, ct));
        });

    [Function("PutSlaPolicies")]
    public Task<IActionResult> PutPolicies([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "customers/{id}/sla-policies")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await admin.PutPoliciesAsync(caller, id, await RequestBody.ReadJsonAsync<SlaPolicySetInput>(req), ct)));

    [Function("GetRoutingRules")]
    public Task<IActionResult> GetRouting([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{id}/routing-rules")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await admin.GetRoutingAsync(caller, id, ct)));

    [Function("PutRoutingRules")]
    public Task<IActionResult> PutRouting([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "customers/{id}/routing-rules")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await admin.PutRoutingAsync(caller, id, await RequestBody.ReadJsonAsync<RoutingRulesInput>(req), ct)));

    [Function("ListGroups")]
    public Task<IActionResult> ListGroups([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "groups")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await admin.ListGroupsAsync(caller, ct) }));

    [Function("GetGroup")]
    public Task<IActionResult> GetGroup([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "groups/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await admin.GetGroupAsync(caller, id, ct)));

    [Function("PutGroup")]
    public Task<IActionResult> PutGroup([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "groups/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await admin.PutGroupAsync(caller, id, await RequestBody.ReadJsonAsync<AssignmentGroupInput>(req), ct)));
}
