using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Problems.Samples;
using ServiceDesk.Application.Security;
using ServiceDesk.Functions.Http;
using ServiceDesk.Functions.Security;
using ServiceDesk.Infrastructure.Problems;

namespace ServiceDesk.Functions.Operations;

public sealed record SampleIncidentsInput
{
    public int? Seed { get; init; }
    /// <summary>Generator customers to load (contoso, fabrikam, northwind, tailspin); default contoso.</summary>
    public IReadOnlyList<string>? Customers { get; init; }
    /// <summary>Days of history up to now (10 to 60; default 35).</summary>
    public int? Days { get; init; }
}

/// <summary>
/// Local development only (404 unless development tokens are on), admins only: loads the problem-detection sample
/// stream through the ticket use cases, then resets the loaded customers' statistics watermark so the next run
/// folds the back-dated tickets in.
/// </summary>
public sealed class SampleDataApi(IOptions<AuthOptions> options, ApiEndpoint endpoint, SampleDataLoader loader, StatisticsUpdater statistics)
{
    [Function("LoadSampleIncidents")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/sample-incidents")] HttpRequest req)
    {
        if (!options.Value.DevelopmentTokens)
        {
            return new NotFoundResult();
        }
        return await endpoint.RunAsync(req, async (caller, ct) =>
        {
            if (!caller.Has(Role.Admin))
            {
                throw new ForbiddenException("Only administrators may load sample data.");
            }
            var input = req.ContentLength is null or 0 ? new SampleIncidentsInput() : await RequestBody.ReadJsonAsync<SampleIncidentsInput>(req);
            var days = input.Days ?? 35;
            if (days is < 10 or > 60)
            {
                throw ValidationException.For("days", FieldRule.Range, "'days' must be 10 to 60.", FieldErrors.Args(("min", 10), ("max", 60)));
            }
            var known = new SampleStreamOptions().Customers.Select(c => c.Id).ToList();
            var customers = input.Customers ?? ["contoso"];
            if (customers.Count == 0 || customers.Any(c => !known.Contains(c)))
            {
                throw ValidationException.For("customers", FieldRule.NotAllowed, $"Choose from {string.Join(", ", known)}.");
            }
            var result = await loader.LoadAsync(caller, input.Seed ?? 7, customers, days, ct);
            foreach (var customer in result.Customers)
            {
                await statistics.ResetAsync(customer, ct);
            }
            return ApiResults.Json(result);
        });
    }
}
