using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Workflows;

namespace ServiceDesk.Functions.Mail;

/// <summary>Admins: inbound mail records (outcome, reason, SPF/DKIM/DMARC, raw blob), their redrive, and the notification outbox.</summary>
public sealed class MailAdminApi(ApiEndpoint endpoint, MailAdministration administration, WorkflowMailRouting routing)
{
    public sealed record RedriveInput(string? MessageId);

    /// <summary>A rejected or failed inbound mail ingested again from its raw blob (replies still reach the workflows first).</summary>
    [Function("RedriveInboundMail")]
    public Task<IActionResult> Redrive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "mail/inbound/redrive")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<RedriveInput>(req);
            var router = client is null ? null : routing.For(new DurableApprovalClient(client), new DurableVendorClient(client));
            var result = await administration.RedriveInboundAsync(caller, input.MessageId, router, ct);
            return ApiResults.Json(new { action = result.Action, ticketNumber = result.TicketNumber, reason = result.Reason, messageId = result.MessageId });
        });

    [Function("ListInboundMail")]
    public Task<IActionResult> ListInbound([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "mail/inbound")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var q = req.Query;
            var page = await administration.ListInboundAsync(caller, q["action"].FirstOrDefault(), q["pageSize"].FirstOrDefault(), q["continuationToken"].FirstOrDefault(), ct);
            return ApiResults.Json(new { items = page.Items, continuationToken = page.ContinuationToken });
        });

    [Function("ListMailOutbox")]
    public Task<IActionResult> ListOutbox([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "mail/outbox")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var items = await administration.ListOutboxAsync(caller, req.Query["status"].FirstOrDefault(), ct);
            return ApiResults.Json(new
            {
                items = items.Select(m => new { m.TicketNumber, m.EventId, m.Template, m.To, m.Subject, m.MessageId, m.Status, m.Attempts, m.LastError, m.SentAt }),
            });
        });
}
