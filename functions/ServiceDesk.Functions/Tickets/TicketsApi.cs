using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Tickets;

/// <summary>Opening, reading, listing and editing tickets.</summary>
public sealed class TicketsApi(ApiEndpoint endpoint, TicketCommands commands, TicketQueries queries, RateLimits limits)
{
    [Function("CreateTicket")]
    public Task<IActionResult> Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            limits.Throttle(RateLimitedSurface.PortalCreate, req, caller);
            var input = await RequestBody.ReadJsonAsync<CreateTicketInput>(req);
            var key = req.Headers.TryGetValue("Idempotency-Key", out var k) ? k.ToString() : null;
            var result = await commands.CreateAsync(caller, input, key, ct);
            req.HttpContext.Response.Headers.Location = $"/api/tickets/{result.Ticket.State.Number}";
            if (result.Replayed)
            {
                req.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
            }
            return TicketResult(req, result.Ticket, StatusCodes.Status201Created);
        });

    [Function("GetTicket")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tickets/{number}")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) => TicketResult(req, await queries.GetCurrentAsync(caller, number, ct)));

    [Function("ListTickets")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tickets")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var q = req.Query;
            var page = await queries.ListAsync(caller, new TicketListQuery
            {
                CustomerId = q["customerId"].FirstOrDefault(),
                Status = q["status"].FirstOrDefault(),
                Kind = q["kind"].FirstOrDefault(),
                Group = q["group"].FirstOrDefault(),
                AssigneeId = q["assigneeId"].FirstOrDefault(),
                RequesterId = q["requesterId"].FirstOrDefault(),
                Open = q["open"].FirstOrDefault(),
                SlaBreached = q["slaBreached"].FirstOrDefault(),
                DueBefore = q["dueBefore"].FirstOrDefault(),
                PageSize = q["pageSize"].FirstOrDefault(),
                ContinuationToken = q["continuationToken"].FirstOrDefault(),
            }, ct);
            return ApiResults.Json(new { items = page.Items.Select(TicketSummaryResponse.From), continuationToken = page.ContinuationToken });
        });

    [Function("UpdateTicket")]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "tickets/{number}")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<UpdateTicketInput>(req);
            return TicketResult(req, await commands.UpdateAsync(caller, number, IfMatch(req), input, ct));
        });

    internal static string? IfMatch(HttpRequest req) =>
        req.Headers.IfMatch.Count == 0 ? null : req.Headers.IfMatch.ToString();

    internal static IActionResult TicketResult(HttpRequest req, StoredTicket ticket, int status = StatusCodes.Status200OK) =>
        ApiResults.WithETag(req, TicketETag.Format(ticket.State.Version), TicketResponse.From(ticket.State), status);
}
