using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.Tickets;

/// <summary>Working a ticket: comments, status transitions, links, watchers and the activity log.</summary>
public sealed class TicketWorkApi(ApiEndpoint endpoint, TicketCommands commands, TicketQueries queries)
{
    [Function("CommentOnTicket")]
    public Task<IActionResult> Comment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{number}/comments")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<CommentInput>(req);
            return TicketsApi.TicketResult(req, await commands.CommentAsync(caller, number, TicketsApi.IfMatch(req), input, ct));
        });

    [Function("TransitionTicket")]
    public Task<IActionResult> Transition(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{number}/transitions/{action}")] HttpRequest req,
        string number, string action) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = req.ContentLength is null or 0 && !req.Headers.ContentType.Any()
                ? new TransitionInput()
                : await RequestBody.ReadJsonAsync<TransitionInput>(req);
            return TicketsApi.TicketResult(req, await commands.TransitionAsync(caller, number, TicketsApi.IfMatch(req), action, input, ct));
        });

    [Function("AddTicketLink")]
    public Task<IActionResult> Link(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{number}/links")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<LinkInput>(req);
            return TicketsApi.TicketResult(req, await commands.AddLinkAsync(caller, number, TicketsApi.IfMatch(req), input, ct));
        });

    [Function("AddTicketWatcher")]
    public Task<IActionResult> Watch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "tickets/{number}/watchers")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = await RequestBody.ReadJsonAsync<WatcherInput>(req);
            return TicketsApi.TicketResult(req, await commands.WatchAsync(caller, number, TicketsApi.IfMatch(req), input, add: true, ct));
        });

    [Function("RemoveTicketWatcher")]
    public Task<IActionResult> Unwatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "tickets/{number}/watchers/{watcher}")] HttpRequest req,
        string number, string watcher) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            TicketsApi.TicketResult(req, await commands.WatchAsync(caller, number, TicketsApi.IfMatch(req), new WatcherInput { Watcher = watcher }, add: false, ct)));

    [Function("GetTicketActivity")]
    public Task<IActionResult> Activity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "tickets/{number}/activity")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var page = await queries.ActivityAsync(caller, number, req.Query["pageSize"].FirstOrDefault(), req.Query["continuationToken"].FirstOrDefault(), ct);
            return ApiResults.Json(new
            {
                items = page.Items.Select(a =>
                {
                    var described = ActivityTexts.Describe(a);
                    return new
                    {
                        sequence = a.Sequence,
                        type = a.Type,
                        actor = new { id = a.Actor.Id, name = a.Actor.Name },
                        at = a.At,
                        text = a.Text,
                        data = a.Data,
                        code = described?.Code,
                        args = described?.Args,
                        texts = described?.Text,
                    };
                }),
                continuationToken = page.ContinuationToken,
            });
        });
}
