using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Operations;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Operations;

/// <summary>Admins: the queue triggers' poison queues, looked at and sent back to their queue.</summary>
public sealed class PoisonQueuesApi(ApiEndpoint endpoint, PoisonQueueAdministration poison)
{
    [Function("ListPoisonQueues")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/poison")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { items = await poison.ListAsync(caller, ct) }));

    [Function("PeekPoisonQueue")]
    public Task<IActionResult> Peek([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "operations/poison/{queue}")] HttpRequest req, string queue) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new
        {
            queue,
            poisonQueue = PoisonQueueAdministration.PoisonOf(queue),
            items = await poison.PeekAsync(caller, queue, req.Query["max"].FirstOrDefault(), ct),
        }));

    [Function("RedrivePoisonQueue")]
    public Task<IActionResult> Redrive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "operations/poison/{queue}/redrive")] HttpRequest req, string queue) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = req.ContentLength is null or 0 ? new RedriveInput() : await RequestBody.ReadJsonAsync<RedriveInput>(req);
            return ApiResults.Json(new { queue, moved = await poison.RedriveAsync(caller, queue, input, ct) });
        });
}
