using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Functions.Http;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Functions.Operations;

/// <summary>Liveness and storage reachability, without authentication and without revealing data.</summary>
public sealed class HealthApi(Tables tables)
{
    [Function("Health")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req)
    {
        try
        {
            var client = await tables.GetAsync(tables.Names.Customers);
            await client.GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("health", "probe", cancellationToken: req.HttpContext.RequestAborted);
            return ApiResults.Json(new { status = "healthy", storage = "ok" });
        }
        catch (Exception e) when (Problems.IsStorageOutage(e))
        {
            return ApiResults.Json(new { status = "unhealthy", storage = "unreachable" }, StatusCodes.Status503ServiceUnavailable);
        }
    }
}
