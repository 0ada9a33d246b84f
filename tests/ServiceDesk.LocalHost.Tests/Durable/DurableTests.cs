using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;
using ServiceDesk.LocalHost.Tests.SampleFunctions;

namespace ServiceDesk.LocalHost.Tests.Durable;

/// <summary>Durable orchestrations through the real engine (gRPC sidecar over Azure Storage on Azurite), driven over HTTP.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class DurableTests(LocalHostFixture fixture)
{
    [Fact]
    public async Task An_orchestration_started_over_HTTP_calls_its_activity_waits_a_durable_timer_and_completes()
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var id = await StartAsync(fixture.Client, "SampleGreeting", "Anna", delaySeconds: 2);

        var status = await WaitForStatusAsync(fixture.Client, id, "Completed", TimeSpan.FromSeconds(30));

        Assert.Equal("\"Hello Anna from SampleGreet\"", status.GetProperty("output").GetString());
        // Storage queue visibility delays are whole seconds, so the Azure Storage backend may fire a timer up to
        // a second early (as in Azure); at least one second shows the timer was really awaited.
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(1), $"completed after {started.Elapsed.TotalSeconds:0.0} s, before its 2 s durable timer");
    }

    internal static async Task<string> StartAsync(HttpClient client, string orchestrator, string name, int delaySeconds = 0)
    {
        using var response = await client.PostAsJsonAsync($"api/e2e/orchestrations/{orchestrator}", new { name, delaySeconds });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    internal static async Task<JsonElement> WaitForStatusAsync(HttpClient client, string id, string expected, TimeSpan timeout) =>
        await Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await client.GetAsync($"api/e2e/orchestrations/status/{id}");
                return response.StatusCode == HttpStatusCode.OK
                    ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone()
                    : default;
            },
            status => status.ValueKind == JsonValueKind.Object && status.GetProperty("status").GetString() == expected,
            timeout, $"orchestration {id} reaching {expected}");
}

/// <summary>Orchestrations survive a stop and start of the local host (their state is in Azurite).</summary>
public sealed class DurableRestartTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task An_orchestration_waiting_for_an_event_completes_after_the_local_host_restarts()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var options = TestHosts.Options(azurite, "RestartHub", TestHosts.NeverDuringTests);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        string id;
        await using (var first = await LocalFunctionsHost.StartAsync(options))
        {
            output.WriteLine($"first host started: {clock.Elapsed.TotalSeconds:0.0} s");
            using var client = new HttpClient { BaseAddress = first.BaseAddress };
            id = await DurableTests.StartAsync(client, "SampleApproval", "Bo");
            await DurableTests.WaitForStatusAsync(client, id, "Running", TimeSpan.FromSeconds(30));
            output.WriteLine($"orchestration running: {clock.Elapsed.TotalSeconds:0.0} s");
        }
        output.WriteLine($"first host stopped: {clock.Elapsed.TotalSeconds:0.0} s");

        await using var second = await LocalFunctionsHost.StartAsync(options);
        output.WriteLine($"second host started: {clock.Elapsed.TotalSeconds:0.0} s");
        using var again = new HttpClient { BaseAddress = second.BaseAddress };
        using var raised = await again.PostAsync($"api/e2e/orchestrations/{id}/approve", new StringContent("Carla"));
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);

        var status = await DurableTests.WaitForStatusAsync(again, id, "Completed", TimeSpan.FromSeconds(90));
        output.WriteLine($"completed after the restart: {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal("\"Hello Bo, approved by Carla from SampleGreet\"", status.GetProperty("output").GetString());
    }

    [Fact]
    public async Task Stopping_the_host_while_an_activity_runs_lets_the_activity_finish_once_and_the_orchestration_complete()
    {
        // The stop drains: no new work is handed out, the running activity finishes and its result is stored,
        // then the worker and the engine stop. Stopping the worker first lost that result: the activity's queue
        // message stayed invisible for its visibility timeout (5 minutes) and then the activity ran a second time.
        await using var azurite = await AzuriteProcess.StartAsync();
        var options = TestHosts.Options(azurite, "DrainHub", TestHosts.NeverDuringTests);
        var name = $"Dora-{Guid.NewGuid():N}";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string id;
        await using (var first = await LocalFunctionsHost.StartAsync(options))
        {
            using var client = new HttpClient { BaseAddress = first.BaseAddress };
            id = await DurableTests.StartAsync(client, "SampleSlowStep", name, delaySeconds: 2);
            await SampleSignals.WaitAsync($"slow-started:{name}", TimeSpan.FromSeconds(30));
            output.WriteLine($"activity running, stopping the host: {clock.Elapsed.TotalSeconds:0.0} s");
        }
        output.WriteLine($"first host stopped: {clock.Elapsed.TotalSeconds:0.0} s");

        await using var second = await LocalFunctionsHost.StartAsync(options);
        using var again = new HttpClient { BaseAddress = second.BaseAddress };
        var status = await DurableTests.WaitForStatusAsync(again, id, "Completed", TimeSpan.FromSeconds(60));
        output.WriteLine($"completed after the restart: {clock.Elapsed.TotalSeconds:0.0} s");

        Assert.Equal($"\"Hello {name}, slowly\"", status.GetProperty("output").GetString());
        Assert.Equal(1, SampleDurableFunctions.SlowGreetRuns[name]);
    }
}
