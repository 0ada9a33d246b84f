using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Workflows;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.EndToEndTests.Workflows;

/// <summary>
/// A local host (real Durable engine over Azurite) for the workflow tests, with a customer, its user directory
/// (requester → manager → delegate, plus a CFO and a fallback approver) and quick Durable queue polling.
/// </summary>
public sealed class WorkflowHostFixture : IAsyncLifetime
{
    public const string Customer = "wf-acme";

    public AzuriteProcess Azurite { get; private set; } = null!;
    public LocalFunctionsHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public ApiClient Api { get; private set; } = null!;
    public string Admin { get; private set; } = null!;
    public string Agent { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartAsync();
        var options = TestHosts.Options(Azurite, "WorkflowHub", TestHosts.NeverDuringTests);
        options.Settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.250";
        options.Settings["ServiceDesk__Workflows__ApprovalRemindAfter"] = "00:10:00";
        options.Settings["ServiceDesk__Workflows__ApprovalEscalateAfter"] = "00:20:00";
        options.Settings["ServiceDesk__Workflows__ApprovalExpireAfter"] = "00:30:00";
        Host = await LocalFunctionsHost.StartAsync(options);
        Client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Api = new ApiClient(Client);
        Admin = await Api.TokenAsync(new { userId = "admin1", name = "Ada Admin", customerId = "supplier", roles = new[] { "Admin" } });
        Agent = await Api.TokenAsync(new { userId = "agent1", name = "Axel Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });
        await Api.PutCustomerAsync(Customer);
        await PutUserAsync("u-req", "Rita Requester", "u-mgr", null);
        await PutUserAsync("u-mgr", "Mona Manager", null, "u-del");
        await PutUserAsync("u-del", "Dag Delegate", null, null);
        await PutUserAsync("u-cfo", "Cilla CFO", null, null);
        await PutUserAsync("u-fb", "Fia Fallback", null, null);
    }

    private async Task PutUserAsync(string id, string name, string? manager, string? delegateId)
    {
        using var response = await Api.SendAsync(HttpMethod.Put, $"api/customers/{Customer}/users/{id}", Admin,
            new { name, email = $"{id}@{Customer}.se", managerId = manager, delegateId, language = id == "u-cfo" ? "en" : "sv" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<string> UserTokenAsync(string id, params string[] roles) =>
        Api.TokenAsync(new { userId = id, name = id, email = $"{id}@{Customer}.se", customerId = Customer, roles = roles.Length == 0 ? new[] { "EndUser" } : roles });

    public async Task PutItemAsync(string id, object item)
    {
        using var response = await Api.SendAsync(HttpMethod.Put, $"api/customers/{Customer}/catalog/{id}", Admin, item);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Orders the item as the requester; returns the ticket number.</summary>
    public async Task<string> OrderAsync(string itemId)
    {
        var requester = await UserTokenAsync("u-req");
        using var response = await Api.SendAsync(HttpMethod.Post, "api/requests", requester, new { catalogItemId = itemId, description = "Please." });
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await ApiClient.JsonAsync(response)).GetProperty("number").GetString()!;
    }

    public async Task<JsonElement> WorkflowAsync(string number)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"api/tickets/{number}/workflow", Agent);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await ApiClient.JsonAsync(response);
    }

    public async Task<JsonElement> TicketAsync(string number)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"api/tickets/{number}", Agent);
        return await ApiClient.JsonAsync(response);
    }

    public async Task<List<JsonElement>> ActivityAsync(string number)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"api/tickets/{number}/activity?pageSize=100", Agent);
        return (await ApiClient.JsonAsync(response)).GetProperty("items").EnumerateArray().ToList();
    }

    /// <summary>Waits until the step is open (its approvers can decide).</summary>
    public Task<JsonElement> StepOpenAsync(string number, int step) => Eventually.ReturnsAsync(() => WorkflowAsync(number),
        w => w.TryGetProperty("approval", out var a) && a.GetProperty("currentStep").GetInt32() == step &&
             a.GetProperty("steps")[step].TryGetProperty("openedAt", out _),
        TimeSpan.FromSeconds(30), $"step {step} of {number} opening");

    public async Task<JsonElement> CompletedAsync(string number, string status)
    {
        var w = await Eventually.ReturnsAsync(() => WorkflowAsync(number),
            w => w.TryGetProperty("approval", out var a) && a.GetProperty("runtimeStatus").GetString() == "Completed",
            TimeSpan.FromSeconds(45), $"approval of {number} completing");
        Assert.Equal(status, w.GetProperty("approval").GetProperty("status").GetString());
        return w;
    }

    public async Task<HttpResponseMessage> DecideAsync(string approver, string number, int step, string decision, string? comment = null) =>
        await Api.SendAsync(HttpMethod.Post, $"api/approvals/{number}/{step}", await UserTokenAsync(approver, "Approver"), new { decision, comment });

    public Task<IReadOnlyList<WorkflowMail>> MailsAsync(string number) =>
        Host.Services.GetRequiredService<IWorkflowMailbox>().ListAsync(number, CancellationToken.None);

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Host is not null) await Host.StopAsync();
        if (Azurite is not null) await Azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WorkflowCollection : ICollectionFixture<WorkflowHostFixture>
{
    public const string Name = "workflow host";
}
