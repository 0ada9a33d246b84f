using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.FaultTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using Xunit.Abstractions;

namespace ServiceDesk.FaultTests.Host;

/// <summary>
/// After the local host is killed hard (SIGKILL, as the OOM killer does), the next start of the Run command on the
/// same ports starts and serves, mail included; the killed host's emulators do not outlive it.
/// </summary>
public sealed class HardKillRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_Run_command_starts_again_on_the_same_ports_after_the_host_was_killed_with_SIGKILL()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        var (port, smtp, imap, web) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var environment = new Dictionary<string, string?>
        {
            // The test's own Azurite (the Run command reuses an emulator already listening), smtp4dev on free ports.
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["ServiceDesk__Mail__Smtp__Port"] = smtp.ToString(),
            ["ServiceDesk__Mail__Imap__Port"] = imap.ToString(),
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = "RestartHub",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500",
        };
        string[] arguments = ["--mail-web-port", web.ToString()];

        var first = await HostProcess.StartAsync(port, environment, arguments);
        IReadOnlyList<int> orphans;
        var restart = System.Diagnostics.Stopwatch.StartNew();
        HostProcess second;
        try
        {
            var family = first.LiveFamily();
            Assert.NotEmpty(family); // smtp4dev and its watchdog
            await first.KillHardAsync();
            restart.Restart();
            second = await HostProcess.StartAsync(port, environment, arguments);
        }
        finally
        {
            orphans = first.LiveFamily();
            await first.DisposeAsync();
        }
        await using (second)
        {
            var startedAfter = restart.Elapsed;
            var gone = await first.FamilyGoneAsync(TimeSpan.FromSeconds(30));
            output.WriteLine("second start output:\n" + second.Output);
            Figures.Write(output, "local host killed (SIGKILL) and started again on the same ports", [
                $"second start served /api/health 200 after {startedAfter.TotalSeconds:0.0} s",
                $"processes of the killed host alive when the second start served: {orphans.Count}",
            ]);
            Assert.True(gone, "emulators of the killed host are still running");

            // Mail still works: a new ticket's confirmation to its requester reaches the local mail server.
            using var client = new HttpClient { BaseAddress = second.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            var api = new ApiClient(client, checkContract: false);
            await api.PutCustomerAsync("restart");
            var token = await api.TokenAsync(new { userId = "u1", name = "Rita Restart", email = "rita@restart.se", customerId = "restart", roles = new[] { "EndUser" } });
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/tickets")
            {
                Content = JsonContent.Create(new { kind = "Incident", customerId = "restart", title = "After the restart", description = "Does mail work?", impact = "Low", urgency = "Low" }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var created = await client.SendAsync(request);
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

            using var mail = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var messages = await Eventually.ReturnsAsync(
                async () => JsonDocument.Parse(await mail.GetStringAsync($"http://127.0.0.1:{web}/api/messages")).RootElement.Clone(),
                m => Count(m) > 0, TimeSpan.FromSeconds(90), "a mail in the restarted host's smtp4dev");
            Assert.True(Count(messages) > 0);
        }
        Assert.True(await second.FamilyGoneAsync(TimeSpan.FromSeconds(30)), "the second host left processes behind after SIGTERM");
    }

    /// <summary>smtp4dev's /api/messages: an array, or a page object with <c>results</c>.</summary>
    private static int Count(JsonElement messages) =>
        messages.ValueKind == JsonValueKind.Array ? messages.GetArrayLength() : messages.GetProperty("results").GetArrayLength();
}
