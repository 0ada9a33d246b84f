using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Staff;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Staff;

/// <summary>The staff directory: who the supplier's staff are, their language, staff roles and served customers. Admins only.</summary>
public sealed class StaffApi(ApiEndpoint endpoint, StaffAdministration staff)
{
    [Function("ListStaff")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await staff.ListAsync(caller, ct) }));

    [Function("GetStaffMember")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "staff/{userId}")] HttpRequest req, string userId) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await staff.GetAsync(caller, userId, ct)));

    [Function("PutStaffMember")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "staff/{userId}")] HttpRequest req, string userId) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<StaffMemberInput>(req);
            return ApiResults.Json(await staff.PutAsync(caller, userId, input, ct));
        });
}
