using System.Diagnostics;
using System.Net;
using ServiceDesk.Benchmarks.Cli;
using ServiceDesk.Benchmarks.Harness;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.Benchmarks.Workflows;

/// <summary>
/// Approval orchestrations started and completed per second on the local host's Durable engine (Azure Storage
/// backend on Azurite): N requests for an item needing one approval ordered over the API (each starts
/// <c>approval-{number}</c>), every step waited for, then each decided over the approver API until all completed.
/// </summary>
public static class WorkflowBenchmark
{
    private const string Customer = "bench";
    private const int Parallelism = 16;

    public static readonly SizeOption Size = new("workflows",
        "ServiceDesk workflow benchmark: approval orchestrations started and completed per second on the local host (Durable, Azure Storage on Azurite).",
        "approvals", "approvals", Default: 200, Quick: 20, Minimum: 2);

    public static async Task<int> RunAsync(int n)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var logged = new WarningCounter();
        await using var host = await LocalFunctionsHost.StartAsync(WorkflowHost.Options(azurite, logged));
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var api = new ApiClient(client);
        var admin = await api.TokenAsync(new { userId = "admin1", name = "Ada", customerId = "supplier", roles = new[] { "Admin" } });
        await api.PutCustomerAsync(Customer);
        foreach (var (id, manager) in new[] { ("req", "mgr"), ("mgr", (string?)null) })
        {
            using var r = await api.SendAsync(HttpMethod.Put, $"api/customers/{Customer}/users/{id}", admin, new { name = id, email = $"{id}@{Customer}.se", managerId = manager });
            ApiClient.RequireSuccess(r);
        }
        using (var r = await api.SendAsync(HttpMethod.Put, $"api/customers/{Customer}/catalog/item", admin,
                   new { name = "Item", approval = "one", approvers = new[] { "manager" }, fulfilmentGroup = "fulfil" }))
        {
            ApiClient.RequireSuccess(r);
        }
        var requester = await api.TokenAsync(new { userId = "req", name = "req", email = $"req@{Customer}.se", customerId = Customer });
        var approver = await api.TokenAsync(new { userId = "mgr", name = "mgr", email = $"mgr@{Customer}.se", customerId = Customer, roles = new[] { "Approver" } });
        var agent = await api.TokenAsync(new { userId = "agent", name = "agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });

        var total = Stopwatch.StartNew();
        var numbers = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
        {
            using var r = await api.SendAsync(HttpMethod.Post, "api/requests", requester, new { catalogItemId = "item", description = "bench " + i });
            ApiClient.RequireStatus(HttpStatusCode.Created, r);
            numbers.Add((await ApiClient.JsonAsync(r)).GetProperty("number").GetString()!);
        });
        var started = total.Elapsed;

        // Every orchestration has run its first activities (plan, open the step, mail the approver); polled every
        // 200 ms for at most 10 minutes.
        async Task<int> OpenSteps()
        {
            using var r = await api.SendAsync(HttpMethod.Get, "api/approvals/mine", approver);
            return (await ApiClient.JsonAsync(r)).GetProperty("items").GetArrayLength();
        }
        var waiting = Stopwatch.StartNew();
        int steps;
        while ((steps = await OpenSteps()) < n)
        {
            BenchmarkCheckException.Require(waiting.Elapsed < TimeSpan.FromMinutes(10), $"{n} steps open did not happen within 600 s; last value: {steps}");
            await Task.Delay(200);
        }
        var open = total.Elapsed;

        var decide = Stopwatch.StartNew();
        await Parallel.ForEachAsync(numbers, new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (number, _) =>
        {
            using var r = await api.SendAsync(HttpMethod.Post, $"api/approvals/{number}/0", approver, new { decision = "approve" });
            ApiClient.RequireStatus(HttpStatusCode.Accepted, r);
        });
        var decided = decide.Elapsed;
        var remaining = new HashSet<string>(numbers);
        while (remaining.Count > 0)
        {
            BenchmarkCheckException.Require(total.Elapsed < TimeSpan.FromMinutes(15), $"{remaining.Count} approvals still running");
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

        Console.WriteLine($"{n} approval orchestrations, {Parallelism} HTTP calls in flight, Durable (Azure Storage) on Azurite:");
        Console.WriteLine($"  started (POST /api/requests → 201, orchestration scheduled): {n / started.TotalSeconds:F1}/s ({started.TotalSeconds:F1} s)");
        Console.WriteLine($"  first step open for all (started → waiting for approval):   {n / open.TotalSeconds:F1}/s ({open.TotalSeconds:F1} s from the first start)");
        Console.WriteLine($"  decided (POST /api/approvals/{{n}}/0 → 202):                  {n / decided.TotalSeconds:F1}/s ({decided.TotalSeconds:F1} s)");
        Console.WriteLine($"  completed after the decisions (routed, requester mailed):     {n / completed.TotalSeconds:F1}/s ({completed.TotalSeconds:F1} s from the first decision)");
        Console.WriteLine($"  end to end: {n} started and completed in {total.Elapsed.TotalSeconds:F1} s = {n / total.Elapsed.TotalSeconds:F1} orchestrations/s");
        // Not printed by the former xunit fact (the host's console log went to the test host): the host logs each
        // failed MailSend, since no SMTP server is configured here, as in the end-to-end workflow hosts.
        Console.WriteLine($"  warnings and errors logged by the host: {logged.Count}");
        foreach (var w in logged.First)
        {
            Console.WriteLine($"  - {w}");
        }
        return 0;
    }
}
