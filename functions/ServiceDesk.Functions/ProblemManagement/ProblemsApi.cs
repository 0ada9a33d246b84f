using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Problems;
using ServiceDesk.Application.Security;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Tickets;
using ServiceDesk.Infrastructure.Problems;

namespace ServiceDesk.Functions.ProblemManagement;

public sealed record DetectInput
{
    public string? CustomerId { get; init; }
    /// <summary>Replay the hourly runs since this time first (e.g. after loading sample data into the past).</summary>
    public DateTimeOffset? ReplaySince { get; init; }
}

/// <summary>Staff: problem records (root cause, workaround, known error, linked incidents) and their actions.</summary>
public sealed class ProblemsApi(ApiEndpoint endpoint, ProblemRecords problems, ProblemDetectionJob detection)
{
    [Function("GetProblem")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "problems/{number}")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await problems.GetAsync(caller, number, ct)));

    [Function("UpdateProblem")]
    public Task<IActionResult> Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "problems/{number}")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await problems.UpdateAsync(caller, number, await RequestBody.ReadJsonAsync<ProblemFieldsInput>(req), ct)));

    [Function("LinkProblemIncident")]
    public Task<IActionResult> Link([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "problems/{number}/incidents")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await problems.LinkAsync(caller, number, await RequestBody.ReadJsonAsync<ProblemLinkInput>(req), linked: true, ct)));

    [Function("UnlinkProblemIncident")]
    public Task<IActionResult> Unlink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "problems/{number}/incidents/{incident}")] HttpRequest req, string number, string incident) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await problems.LinkAsync(caller, number, new ProblemLinkInput { Incident = incident }, linked: false, ct)));

    [Function("CommunicateProblemWorkaround")]
    public Task<IActionResult> Communicate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "problems/{number}/communicate-workaround")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new { incidents = await problems.CommunicateWorkaroundAsync(caller, number, ct) }));

    [Function("ResolveProblem")]
    public Task<IActionResult> Resolve([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "problems/{number}/resolve")] HttpRequest req, string number) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var (problem, incidents) = await problems.ResolveAsync(caller, number, await RequestBody.ReadJsonAsync<ResolveProblemInput>(req), ct);
            return ApiResults.Json(new { problem = TicketResponse.From(problem.State), incidents });
        });

    /// <summary>Admins: run detection now (the hourly timer's work) for one customer, optionally replaying the past.</summary>
    [Function("DetectProblems")]
    public Task<IActionResult> Detect([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "problems/detect")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            if (!caller.Has(Role.Admin))
            {
                throw new ForbiddenException("Only administrators may run problem detection on demand.");
            }
            var input = await RequestBody.ReadJsonAsync<DetectInput>(req);
            if (input.CustomerId is null || !Application.Customers.CustomerId.IsValid(input.CustomerId))
            {
                throw ValidationException.For("customerId", FieldRule.Required, "Give the customer id.");
            }
            return ApiResults.Json(await detection.RunAsync(input.CustomerId, input.ReplaySince, ct));
        });
}
