using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Workflows;

/// <summary>A customer's service catalogue and user directory (admins write; staff serving the customer and its users read).</summary>
public sealed class CatalogApi(ApiEndpoint endpoint, CatalogAdministration catalog)
{
    [Function("PutCatalogItem")]
    public Task<IActionResult> PutItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "customers/{customerId}/catalog/{itemId}")] HttpRequest req, string customerId, string itemId) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await catalog.PutItemAsync(caller, customerId, itemId, await RequestBody.ReadJsonAsync<CatalogItemInput>(req), ct)));

    [Function("ListCatalogItems")]
    public Task<IActionResult> ListItems(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{customerId}/catalog")] HttpRequest req, string customerId) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await catalog.ListItemsAsync(caller, customerId, ct) }));

    [Function("PutCustomerUser")]
    public Task<IActionResult> PutUser(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "customers/{customerId}/users/{userId}")] HttpRequest req, string customerId, string userId) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await catalog.PutUserAsync(caller, customerId, userId, await RequestBody.ReadJsonAsync<CustomerUserInput>(req), ct)));

    [Function("ListCustomerUsers")]
    public Task<IActionResult> ListUsers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{customerId}/users")] HttpRequest req, string customerId) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await catalog.ListUsersAsync(caller, customerId, ct) }));
}
