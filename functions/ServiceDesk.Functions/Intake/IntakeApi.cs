using System.Text;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Intake;
using ServiceDesk.Application.Security;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Security;

namespace ServiceDesk.Functions.Intake;

/// <summary>Rejected intake messages (admins), correlated alerts (staff), and a local-only way to enqueue a message.</summary>
public sealed class IntakeApi(ApiEndpoint endpoint, IntakeAdministration administration, QueueServiceClient queues, IOptions<AuthOptions> auth)
{
    [Function("ListIntakeRejections")]
    public Task<IActionResult> ListRejections([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "intake/rejections")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var page = await administration.ListRejectionsAsync(caller, req.Query["pageSize"].FirstOrDefault(), req.Query["continuationToken"].FirstOrDefault(), ct);
            return ApiResults.Json(new { items = page.Items, continuationToken = page.ContinuationToken });
        });

    [Function("CompleteIntakeRejection")]
    public Task<IActionResult> CompleteRejection([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "intake/rejections/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            await administration.CompleteRejectionAsync(caller, id, ct);
            return new NoContentResult();
        });

    [Function("ListIntakeCorrelations")]
    public Task<IActionResult> ListCorrelations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "intake/correlations")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var q = req.Query;
            var page = await administration.ListCorrelationsAsync(caller, q["customerId"].FirstOrDefault(), q["pageSize"].FirstOrDefault(), q["continuationToken"].FirstOrDefault(), ct);
            return ApiResults.Json(new
            {
                items = page.Items.Select(s => new
                {
                    correlationKey = s.Key, s.Source, s.Episode, ticketNumber = s.TicketNumber, s.Occurrences,
                    s.FirstSeenAt, s.LastSeenAt, lastStatus = s.LastStatus.ToString().ToLowerInvariant(),
                }),
                continuationToken = page.ContinuationToken,
            });
        });

    /// <summary>
    /// Local development only (404 unless development tokens are on, which the app refuses in Azure): puts the body,
    /// as sent, on the intake queue exactly as another service would, so the example in functions/ServiceDesk.Functions/Intake/README.md can be tried.
    /// </summary>
    [Function("EnqueueIntakeTestMessage")]
    public async Task<IActionResult> EnqueueTestMessage([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "intake/test-message")] HttpRequest req)
    {
        if (!auth.Value.DevelopmentTokens)
        {
            return new NotFoundResult();
        }
        return await endpoint.RunAsync(req, async (caller, ct) =>
        {
            if (!caller.Has(Role.Admin))
            {
                throw new ForbiddenException("Only administrators may enqueue test messages.");
            }
            using var reader = new StreamReader(req.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(ct);
            if (body.Length == 0 || Encoding.UTF8.GetByteCount(body) > 48 * 1024)
            {
                throw ValidationException.For("body", FieldRule.Required, "Send the message (1 byte to 48 KiB) as the request body.");
            }
            var queue = queues.GetQueueClient(IntakeQueue.Name);
            await queue.CreateIfNotExistsAsync(cancellationToken: ct);
            var receipt = await queue.SendMessageAsync(body, ct);
            return ApiResults.Json(new { queue = IntakeQueue.Name, messageId = receipt.Value.MessageId }, StatusCodes.Status202Accepted);
        });
    }
}
