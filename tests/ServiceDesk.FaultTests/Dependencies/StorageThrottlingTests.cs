using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.FaultTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;
using Xunit.Abstractions;

namespace ServiceDesk.FaultTests.Dependencies;

/// <summary>
/// Table Storage answering 503 (ServerBusy: throttling) or 500 (InternalError) through a proxy in front of Azurite:
/// the storage client retries (safe: every create carries its Idempotency-Key), then the API answers a clean 503
/// problem+json with Retry-After, and the client's retry after the storm makes exactly one ticket.
/// </summary>
public sealed class StorageThrottlingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Table_storage_errors_answer_a_clean_503_and_the_retry_makes_one_ticket()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var proxy = await FaultProxy.StartAsync(azurite.TablePort);
        var options = TestHosts.Options(azurite, "ThrottleHub", TestHosts.NeverDuringTests);
        options.MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Critical;
        options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString.Replace(
            $"TableEndpoint=http://127.0.0.1:{azurite.TablePort}/", $"TableEndpoint=http://127.0.0.1:{proxy.Port}/", StringComparison.Ordinal);
        await using var host = await LocalFunctionsHost.StartAsync(options);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = FaultSuite.RequestTimeout };
        var api = new ApiClient(client, checkContract: false);
        await api.PutCustomerAsync("throttle");
        var token = await api.TokenAsync(new { userId = "agent1", name = "Agnes Agent", email = "agnes@throttle.se", customerId = "throttle", roles = new[] { "Agent" } });

        foreach (var storageStatus in new[] { 503, 500 })
        {
            var key = "throttled-" + storageStatus;
            var before = proxy.Faulted;
            proxy.FailWith = storageStatus;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var during = await client.SendAsync(Create(token, key));
            var took = watch.Elapsed;
            var faulted = proxy.Faulted - before;
            proxy.FailWith = null;
            using var retry = await client.SendAsync(Create(token, key));
            using var replay = await client.SendAsync(Create(token, key));

            Figures.Write(output, $"table storage answering {storageStatus}", [
                $"API answered {(int)during.StatusCode} after {took.TotalSeconds:0.0} s; storage requests the proxy failed: {faulted}; retry {(int)retry.StatusCode}, replay {(int)replay.StatusCode}",
            ]);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
            Assert.Equal("application/problem+json", during.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(during.Headers.RetryAfter);
            Assert.True(faulted >= 3, $"the storage client gave up after {faulted} request(s), without retrying");
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
            var number = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString();
            Assert.True(replay.IsSuccessStatusCode);
            Assert.Equal(number, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("number").GetString());
        }
    }

    private static HttpRequestMessage Create(string token, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/tickets")
        {
            Content = JsonContent.Create(new
            {
                kind = "Incident",
                customerId = "throttle",
                requester = new { id = "u1", name = "Tore Throttle", email = "tore@throttle.se" },
                title = "Throttled " + key,
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
