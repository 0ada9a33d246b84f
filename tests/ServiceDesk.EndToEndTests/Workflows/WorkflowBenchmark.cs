using System.Diagnostics;
using System.Net;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;
using Xunit.Abstractions;

namespace ServiceDesk.EndToEndTests.Workflows;

/// <summary>Runs only when SERVICEDESK_WORKFLOW_BENCHMARK is set (its value, when a number, is how many approvals).</summary>
public sealed class WorkflowBenchmarkFactAttribute : FactAttribute
{
    public WorkflowBenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SERVICEDESK_WORKFLOW_BENCHMARK") is null)
        {
            Skip = "Set SERVICEDESK_WORKFLOW_BENCHMARK=1 (or a number of approvals) to run the workflow benchmark.";
        }
    }
}

/// <summary>
/// Approval orchestrations started and completed per second on the local host's Durable engine (Azure Storage
/// backend on Azurite): N requests for an item needing one approval ordered over the API (each starts
/// <c>approval-{number}</c>), every step waited for, then each decided over the approver API until all completed.
/// </summary>
public sealed class WorkflowBenchmark(ITestOutputHelper output)
{
    private const string Customer = "bench";
    private const int Parallelism = 16;

    [WorkflowBenchmarkFact]
    public async Task Approval_orchestrations_started_and_completed_per_second()
    {
        var n = int.TryParse(Environment.GetEnvironmentVariable("SERVICEDESK_WORKFLOW_BENCHMARK"), out var v) && v > 1 ? v : 200;
        await using var azurite = await AzuriteProcess.StartAsync();
        var options = TestHosts.Options(azurite, "BenchHub", TestHosts.NeverDuringTests);
        options.Settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.250";
        await using var host = await LocalFunctionsHost.StartAsync(options);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var api = new ApiClient(client);
        var admin = await api.TokenAsync(new { userId = "admin1", name = "Ada", customerId = "supplier", roles = new[] { "Admin" } });
        await api.PutCustomerAsync(Customer);
        foreach (var (id, manager) in new[] { ("req", "mgr"), ("mgr", (string?)null) })
        {
            using var r = await api.SendAsync(HttpMethod.Put, $"api/customers/{Customer}/users/{id}", admin, new { name = id, email = $"{id}@{Customer}.se", managerId = manager });
            Assert.True(r.IsSuccessStatusCode);
        }
        using (var r = await api.SendAsync(HttpMethod.Put, $"api/customers/{Customer}/catalog/item", admin,
                   new { name = "Item", approval = "one", approvers = new[] { "manager" }, fulfilmentGroup = "fulfil" }))
        {
            Assert.True(r.IsSuccessStatusCode);
        }
        var requester = await api.TokenAsync(new { userId = "req", name = "req", email = $"req@{Customer}.se", customerId = Customer });
        var approver = await api.TokenAsync(new { userId = "mgr", name = "mgr", email = $"mgr@{Customer}.se", customerId = Customer, roles = new[] { "Approver" } });
        var agent = await api.TokenAsync(new { userId = "agent", name = "agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });

        var total = Stopwatch.StartNew();
        var numbers = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            using var r = await api.SendAsync(HttpMethod.Post, "api/requests", requester, new { catalogItemId = "item", description = "bench " + i });
            Assert.Equal(HttpStatusCode.Created, r.StatusCode);
            numbers.Add((await ApiClient.JsonAsync(r)).GetProperty("number").GetString()!);
        });
        var started = total.Elapsed;

        // Every orchestration has run its first activities (plan, open the step, mail the approver).
        await Eventually.ReturnsAsync(async () =>
        {
            using var r = await api.SendAsync(HttpMethod.Get, "api/approvals/mine", approver);
            return (await ApiClient.JsonAsync(r)).GetProperty("items").GetArrayLength();
        }, c => c >= n, TimeSpan.FromMinutes(10), $"{n} steps open");
        var open = total.Elapsed;

        var decide = Stopwatch.StartNew();
        await Parallel.ForEachAsync(numbers, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (number, _) =>
        {
            using var r = await api.SendAsync(HttpMethod.Post, $"api/approvals/{number}/0", approver, new { decision = "approve" });
            Assert.Equal(HttpStatusCode.Accepted, r.StatusCode);
        });
        var decided = decide.Elapsed;
        var remaining = new HashSet<string>(numbers);
        while (remaining.Count > 0)
        {
            Assert.True(total.Elapsed < TimeSpan.FromMinutes(15), $"{remaining.Count} approvals still running");
            await Parallel.ForEachAsync(remaining.ToList(), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (number, _) =>
            {
                using var r = await api.SendAsync(HttpMethod.Get, $"api/tickets/{number}/workflow", agent);
                if ((await ApiClient.JsonAsync(r)).GetProperty("approval").GetProperty("runtimeStatus").GetString() == "Completed")
                {
                    lock (remaining) remaining.Remove(number);
                }
            });
        }
        var completed = decide.Elapsed;
        total.Stop();

        output.WriteLine($"{n} approval orchestrations, {Parallelism} HTTP calls in flight, Durable (Azure Storage) on Azurite:");
        output.WriteLine($"  started (POST /api/requests → 201, orchestration scheduled): {n / started.TotalSeconds:F1}/s ({started.TotalSeconds:F1} s)");
        output.WriteLine($"  first step open for all (started → waiting for approval):   {n / open.TotalSeconds:F1}/s ({open.TotalSeconds:F1} s from the first start)");
        output.WriteLine($"  decided (POST /api/approvals/{{n}}/0 → 202):                  {n / decided.TotalSeconds:F1}/s ({decided.TotalSeconds:F1} s)");
        output.WriteLine($"  completed after the decisions (routed, requester mailed):     {n / completed.TotalSeconds:F1}/s ({completed.TotalSeconds:F1} s from the first decision)");
        output.WriteLine($"  end to end: {n} started and completed in {total.Elapsed.TotalSeconds:F1} s = {n / total.Elapsed.TotalSeconds:F1} orchestrations/s");
    }
}
