using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Problems;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Tickets;

namespace ServiceDesk.Functions.ProblemManagement;

/// <summary>Staff: proposed problems with their evidence; accept (opens a PRB) or reject (suppresses the cluster).</summary>
public sealed class ProblemCandidatesApi(ApiEndpoint endpoint, ProblemCandidates candidates)
{
    [Function("ListProblemCandidates")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "problems/candidates")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(new
        {
            items = await candidates.ListAsync(caller, req.Query["customerId"].FirstOrDefault(), req.Query["status"].FirstOrDefault(), ct),
        }));

    [Function("GetProblemCandidate")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "problems/candidates/{id}")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await candidates.GetAsync(caller, id, ct)));

    [Function("AcceptProblemCandidate")]
    public Task<IActionResult> Accept([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "problems/candidates/{id}/accept")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
        {
            var input = req.ContentLength is null or 0 ? new AcceptCandidateInput() : await RequestBody.ReadJsonAsync<AcceptCandidateInput>(req);
            var (candidate, problem) = await candidates.AcceptAsync(caller, id, input, ct);
            return ApiResults.Json(new { candidate, problem = TicketResponse.From(problem.State) }, StatusCodes.Status201Created);
        });

    [Function("RejectProblemCandidate")]
    public Task<IActionResult> Reject([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "problems/candidates/{id}/reject")] HttpRequest req, string id) =>
        endpoint.RunAsync(req, async (caller, ct) =>
            ApiResults.Json(await candidates.RejectAsync(caller, id, await RequestBody.ReadJsonAsync<RejectCandidateInput>(req), ct)));
}
