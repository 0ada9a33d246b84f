using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Problems;
using ServiceDesk.Functions.Http;

namespace ServiceDesk.Functions.ProblemManagement;

/// <summary>Staff: a customer's ticket statistics per period and dimension.</summary>
public sealed class StatisticsApi(ApiEndpoint endpoint, StatisticsQueries queries)
{
    [Function("GetStatistics")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "stats")] HttpRequest req) =>
        endpoint.RunAsync(req, async (caller, ct) => ApiResults.Json(await queries.GetAsync(caller,
            req.Query["customerId"].FirstOrDefault(), req.Query["from"].FirstOrDefault(), req.Query["to"].FirstOrDefault(),
            req.Query["dimension"].FirstOrDefault(), ct)));
}
