using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Mail;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Mail;

/// <summary>Admins: inbound mail records (outcome, reason, SPF/DKIM/DMARC, raw blob) and the notification outbox.</summary>
public sealed class MailAdminApi(ApiEndpoint endpoint, MailAdministration administration)
{
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
