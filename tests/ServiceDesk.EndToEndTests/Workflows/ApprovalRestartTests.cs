using System.Net;
using System.Text.Json;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;
using Xunit.Abstractions;

namespace ServiceDesk.EndToEndTests.Workflows;

/// <summary>An approval waiting for its approver survives a stop and start of the local host (its state is in Azurite).</summary>
public sealed class ApprovalRestartTests(ITestOutputHelper output)
{
    private const string Customer = "wf-restart";

    [Fact]
    public async Task An_approval_survives_a_restart_of_the_local_host_while_it_waits()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var options = TestHosts.Options(azurite, "RestartApprovalHub", TestHosts.NeverDuringTests);
        options.Settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.250";
        options.Settings["ServiceDesk__Workflows__ApprovalRemindAfter"] = "00:10:00";
        options.Settings["ServiceDesk__Workflows__ApprovalEscalateAfter"] = "00:20:00";
        options.Settings["ServiceDesk__Workflows__ApprovalExpireAfter"] = "00:30:00";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string number;
        await using (var first = await LocalFunctionsHost.StartAsync(options))
        {
            using var client = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            var api = new ApiClient(client);
            var admin = await api.TokenAsync(new { userId = "admin1", name = "Ada", customerId = "supplier", roles = new[] { "Admin" } });
            await api.PutCustomerAsync(Customer);
            await OkAsync(api, HttpMethod.Put, $"api/customers/{Customer}/users/u-req", admin, new { name = "Rita", email = $"u-req@{Customer}.se", managerId = "u-mgr" });
            await OkAsync(api, HttpMethod.Put, $"api/customers/{Customer}/users/u-mgr", admin, new { name = "Mona", email = $"u-mgr@{Customer}.se" });
            await OkAsync(api, HttpMethod.Put, $"api/customers/{Customer}/catalog/laptop", admin,
                new { name = "Laptop", approval = "one", approvers = new[] { "manager" }, fulfilmentGroup = "hardware" });
            var requester = await api.TokenAsync(new { userId = "u-req", name = "Rita", email = $"u-req@{Customer}.se", customerId = Customer });
            using var created = await api.SendAsync(HttpMethod.Post, "api/requests", requester, new { catalogItemId = "laptop" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            number = (await ApiClient.JsonAsync(created)).GetProperty("number").GetString()!;
            await Eventually.ReturnsAsync(() => WorkflowAsync(api, admin, number),
                w => w.TryGetProperty("approval", out var a) && a.ValueKind == JsonValueKind.Object && a.GetProperty("steps").GetArrayLength() > 0 &&
                     a.GetProperty("steps")[0].TryGetProperty("openedAt", out var opened) && opened.ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30), "step open");
            output.WriteLine($"waiting for the approver: {clock.Elapsed.TotalSeconds:0.0} s");
        }
        output.WriteLine($"first host stopped: {clock.Elapsed.TotalSeconds:0.0} s");

        await using var second = await LocalFunctionsHost.StartAsync(options);
        using var again = new HttpClient { BaseAddress = second.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var api2 = new ApiClient(again);
        var approver = await api2.TokenAsync(new { userId = "u-mgr", name = "Mona", email = $"u-mgr@{Customer}.se", customerId = Customer, roles = new[] { "Approver" } });
        using (var decided = await api2.SendAsync(HttpMethod.Post, $"api/approvals/{number}/0", approver, new { decision = "approve", comment = "After the restart" }))
        {
            Assert.Equal(HttpStatusCode.Accepted, decided.StatusCode);
        }
        var admin2 = await api2.TokenAsync(new { userId = "admin1", name = "Ada", customerId = "supplier", roles = new[] { "Admin" } });
        // As in DurableRestartTests: allow for the stopped engine not handing its partitions back (seen on a loaded
        // machine, where stopping took 30 s): the new engine then waits for the 30 s lease to expire and its next
        // acquisition attempt (10 s) before it sees the decision.
        var workflow = await Eventually.ReturnsAsync(() => WorkflowAsync(api2, admin2, number),
            w => w.TryGetProperty("approval", out var a) && a.ValueKind == JsonValueKind.Object && a.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", TimeSpan.FromSeconds(90), "approval completing");
        output.WriteLine($"completed after the restart: {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(("Completed", "approved"),
            (workflow.GetProperty("approval").GetProperty("runtimeStatus").GetString(), workflow.GetProperty("approval").GetProperty("status").GetString()));
        using var ticket = await api2.SendAsync(HttpMethod.Get, $"api/tickets/{number}", admin2);
        Assert.Equal("hardware", (await ApiClient.JsonAsync(ticket)).GetProperty("assignmentGroup").GetString());
    }

    private static async Task OkAsync(ApiClient api, HttpMethod method, string path, string token, object body)
    {
        using var response = await api.SendAsync(method, path, token, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> WorkflowAsync(ApiClient api, string token, string number)
    {
        using var response = await api.SendAsync(HttpMethod.Get, $"api/tickets/{number}/workflow", token);
        return await ApiClient.JsonAsync(response);
    }
}
