using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Customers;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Customers;

/// <summary>The customer registry: admins maintain it, staff read the customers they serve.</summary>
public sealed class CustomersApi(ApiEndpoint endpoint, CustomerAdministration customers)
{
    [Function("ListCustomers")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await customers.ListAsync(caller, ct) }));

    [Function("GetCustomer")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "customers/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await customers.GetAsync(caller, id, ct)));

    [Function("PutCustomer")]
    public Task<IActionResult> Put([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "customers/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<CustomerInput>(req);
            return ApiResults.Json(await customers.PutAsync(caller, id, input, ct));
        });
}
