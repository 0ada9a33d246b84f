using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Events;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Events;

/// <summary>Admins: ticket events waiting in the outbox for the Service Bus publisher.</summary>
public sealed class OutboxApi(ApiEndpoint endpoint, OutboxAdministration outbox)
{
    [Function("ListPendingTicketEvents")]
    public Task<IActionResult> ListPending([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/pending")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(new { items = await outbox.ListPendingAsync(caller, req.Query["customerId"].FirstOrDefault(), ct) }));
}
