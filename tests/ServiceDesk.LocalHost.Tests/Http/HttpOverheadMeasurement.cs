using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.EndToEndTests.Infrastructure;
using Xunit.Abstractions;

namespace ServiceDesk.LocalHost.Tests.Http;

/// <summary>
/// Measures the local host's HTTP overhead in the same run: GET /api/tickets/{number} through Kestrel and the
/// function class versus calling the use case (<see cref="TicketQueries.GetAsync"/>) directly from the host's
/// services, against the same Azurite. Asserts only that both paths read the same ticket; the figures go to the
/// test output and to local-host-http-overhead.txt next to the test assembly (quoted in the local host's README).
/// </summary>
[Collection(LocalHostCollection.Name)]
public sealed class HttpOverheadMeasurement(LocalHostFixture fixture, ITestOutputHelper output)
{
    private const int Warmup = 20, Iterations = 200;

    [Fact]
    public async Task Reading_a_ticket_over_HTTP_and_directly_returns_the_same_ticket_and_the_overhead_is_recorded()
    {
        var api = new ApiClient(fixture.Client, checkContract: false); // schema checks would be counted as HTTP overhead
        await api.PutCustomerAsync("fabrikam");
        var token = await api.TokenAsync(new { userId = "m1", name = "Mia", customerId = "fabrikam", roles = new[] { "EndUser" } });
        using var created = await api.SendAsync(HttpMethod.Post, "api/tickets", token,
            new { kind = "Incident", title = "Measured ticket", description = "For the overhead measurement.", impact = "Low", urgency = "Low" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var number = (await ApiClient.JsonAsync(created)).GetProperty("number").GetString()!;

        var caller = new Caller("m1", "Mia", null, "fabrikam", new HashSet<Role> { Role.EndUser }, []);
        using var scope = fixture.Host.Services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<TicketQueries>();

        async Task<string> ViaHttp()
        {
            using var response = await api.SendAsync(HttpMethod.Get, $"api/tickets/{number}", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await ApiClient.JsonAsync(response)).GetProperty("number").GetString()!;
        }
        async Task<string> Direct() => (await queries.GetAsync(caller, number, CancellationToken.None)).State.Number;

        Assert.Equal(await ViaHttp(), await Direct());
        var (http, direct) = await TimeInterleavedAsync(ViaHttp, Direct);

        var report =
            $"GET /api/tickets/{{number}} via local host: mean {http.Mean:0.00} ms, p50 {http.P50:0.00} ms, p95 {http.P95:0.00} ms\n" +
            $"TicketQueries.GetAsync direct:           mean {direct.Mean:0.00} ms, p50 {direct.P50:0.00} ms, p95 {direct.P95:0.00} ms\n" +
            $"overhead (p50): {http.P50 - direct.P50:0.00} ms per request ({Iterations} sequential requests each, interleaved, after {Warmup} warm-up)\n";
        output.WriteLine(report);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "local-host-http-overhead.txt"), report);
    }

    /// <summary>Alternates the two calls so drift in Azurite's or the machine's load affects both alike.</summary>
    private static async Task<(Stats Http, Stats Direct)> TimeInterleavedAsync(Func<Task<string>> http, Func<Task<string>> direct)
    {
        for (var i = 0; i < Warmup; i++)
        {
            await http();
            await direct();
        }
        var httpSamples = new double[Iterations];
        var directSamples = new double[Iterations];
        for (var i = 0; i < Iterations; i++)
        {
            var watch = Stopwatch.StartNew();
            await http();
            httpSamples[i] = watch.Elapsed.TotalMilliseconds;
            watch.Restart();
            await direct();
            directSamples[i] = watch.Elapsed.TotalMilliseconds;
        }
        return (Stats.Of(httpSamples), Stats.Of(directSamples));
    }

    private sealed record Stats(double Mean, double P50, double P95)
    {
        public static Stats Of(double[] samples)
        {
            Array.Sort(samples);
            return new Stats(samples.Average(), samples[samples.Length / 2], samples[(int)(samples.Length * 0.95)]);
        }
    }
}
