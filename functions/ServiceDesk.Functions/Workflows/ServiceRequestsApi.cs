using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Tickets;

namespace ServiceDesk.Functions.Workflows;

/// <summary>Ordering from the catalogue, and the workflows of a ticket.</summary>
public sealed class ServiceRequestsApi(ApiEndpoint endpoint, ServiceRequests requests, WorkflowQueries queries)
{
    [Function("CreateServiceRequest")]
    public Task<IActionResult> Create(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "requests")] HttpRequest req, [DurableClient] DurableTaskClient client) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<ServiceRequestInput>(req);
            var ticket = await requests.CreateAsync(caller, input, req.Headers["Idempotency-Key"].FirstOrDefault(), new DurableApprovalClient(client), ct);
            req.HttpContext.Response.Headers.Location = $"/api/tickets/{ticket.State.Number}";
            return TicketsApi.TicketResult(req, ticket, StatusCodes.Status201Created);
        });

    [Function("GetTicketWorkflow")]
    public Task<IActionResult> Workflow(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tickets/{number}/workflow")] HttpRequest req, string number,
        [DurableClient] DurableTaskClient client) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var (approval, vendor) = await queries.GetAsync(caller, number, ct);
            var durable = new DurableApprovalClient(client);
            return ApiResults.Json(new
            {
                approval = approval is null ? null : new
                {
                    approval.InstanceId,
                    runtimeStatus = await durable.GetStatusAsync(approval.InstanceId, ct),
                    status = approval.Status,
                    item = new { id = approval.CatalogItemId, name = approval.CatalogItemName },
                    approval.CurrentStep,
                    steps = approval.Steps.Select(s => new
                    {
                        s.Index, s.Name, s.Rule, s.OpenedAt, s.ExpiresAt, s.Outcome,
                        approvers = s.Seats.Select(seat => seat.Select(a => new { a.UserId, a.Name })),
                        decisions = s.Decisions.Select(d => new { d.ApproverId, d.Decision, d.Comment, d.Channel, d.At }),
                    }),
                    approval.Log,
                },
                vendor = vendor is null ? null : new
                {
                    vendor.InstanceId,
                    runtimeStatus = await durable.GetStatusAsync(vendor.InstanceId, ct),
                    vendor.VendorId, vendor.VendorName, vendor.Status, vendor.VendorReference, vendor.HandedOverAt, vendor.AcknowledgedAt, vendor.ResolvedAt,
                    messages = caller.Serves(vendor.CustomerId) ? vendor.Messages : null,
                    vendor.Log,
                },
            });
        });
}
