using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.FaultTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;
using Xunit.Abstractions;

namespace ServiceDesk.FaultTests.Storage;

/// <summary>
/// Storage that accepts connections and never answers (Azurite frozen with SIGSTOP) is the worst case for a request:
/// without a bounded network timeout each storage try waited 100 s (the SDK default). The app answers a clean 503
/// within its bound (ServiceDesk:Storage:NetworkTimeoutSeconds × (MaxRetries + 1) plus backoff), and the client's
/// retry with the same Idempotency-Key after storage is back makes exactly one ticket.
/// </summary>
public sealed class StorageStallTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_request_against_stalled_storage_answers_a_clean_503_and_its_retry_makes_one_ticket()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var options = TestHosts.Options(azurite, "StallHub", TestHosts.NeverDuringTests);
        options.MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Critical;
        // Shorter than the default 10 s so the test is quick; the bound it checks scales with the setting.
        options.Settings["ServiceDesk__Storage__NetworkTimeoutSeconds"] = "3";
        await using var host = await LocalFunctionsHost.StartAsync(options);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = FaultSuite.RequestTimeout };
        var api = new ApiClient(client, checkContract: false);
        await api.PutCustomerAsync("stall");
        var token = await api.TokenAsync(new { userId = "agent1", name = "Agnes Agent", email = "agnes@stall.se", customerId = "stall", roles = new[] { "Agent" } });

        Signals.Send(azurite.ProcessId, Signals.Stop);
        List<(HttpResponseMessage Response, TimeSpan Took)> during;
        try
        {
            during = [.. await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
            {
                var watch = Stopwatch.StartNew();
                var response = await client.SendAsync(Create(token, "stall-" + i));
                return (response, watch.Elapsed);
            }))];
        }
        finally
        {
            Signals.Send(azurite.ProcessId, Signals.Continue);
        }
        output.WriteLine("answers while storage was frozen: " + string.Join(", ", during.Select(d => $"{(int)d.Response.StatusCode} after {d.Took.TotalSeconds:0.0} s")));
        Figures.Write(output, "storage stalled (SIGSTOP), NetworkTimeoutSeconds 3, MaxRetries 2", [
            "answers: " + string.Join(", ", during.Select(d => $"{(int)d.Response.StatusCode} after {d.Took.TotalSeconds:0.0} s")),
        ]);

        foreach (var (response, _) in during)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(response.Headers.RetryAfter);
        }
        var numbers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var key = "stall-" + i;
            var retry = await Eventually.ReturnsAsync(() => client.SendAsync(Create(token, key)), r => r.IsSuccessStatusCode, TimeSpan.FromSeconds(60), "a retry of " + key);
            numbers.Add((await retry.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("number").GetString()!);
            var again = await client.SendAsync(Create(token, key));
            Assert.Equal(numbers[^1], (await again.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("number").GetString());
        }
        Assert.Equal(4, numbers.Distinct().Count());
    }

    private static HttpRequestMessage Create(string token, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/tickets")
        {
            Content = JsonContent.Create(new
            {
                kind = "Incident",
                customerId = "stall",
                requester = new { id = "u1", name = "Stina Stall", email = "stina@stall.se" },
                title = "Stalled " + key,
                description = "key " + key,
                impact = "Low",
                urgency = "Low",
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
