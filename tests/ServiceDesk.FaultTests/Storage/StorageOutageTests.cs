using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.FaultTests.Infrastructure;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;
using Xunit.Abstractions;

namespace ServiceDesk.FaultTests.Storage;

/// <summary>
/// Storage dies under load: clients open and retitle tickets over HTTP while Azurite is stopped and restarted on the
/// same data folder and ports. Azurite acknowledges table writes before they reach its disk (it saves on an interval),
/// so survival of every acknowledged write is checked with SIGTERM (Azurite saves first, as Azure Storage is durable
/// once it answers); SIGKILL checks consistency only: nothing half-written, nothing doubled, the index converges.
/// </summary>
public sealed class StorageOutageTests(ITestOutputHelper output)
{
    private sealed record Outcome(
        TicketLoad Load, RequestLog Log, IReadOnlyList<(TimeSpan Down, TimeSpan Up)> Outages,
        TicketIndexRepair.Result FirstRepair, int FirstMarkers, TicketIndexRepair.Result SecondRepair,
        IReadOnlyList<JsonElement?> Read, IReadOnlyList<(string Number, string Title)> Listed, IReadOnlyList<TableEntity> Rows);

    [Fact]
    public async Task Every_acknowledged_write_survives_storage_stopping_under_load_and_every_failure_is_a_clean_503()
    {
        var outcome = await RunAsync(kill: false);
        var tickets = outcome.Load.Tickets.OrderBy(t => t.Number).ToList();

        AssertCleanFailures(outcome);
        Assert.Empty(outcome.Load.Violations);
        Assert.True(outcome.Log.Attempts.Any(a => a.Status == 503), "the outage produced no 503: the fault was not injected under load");
        // Every acknowledged create and update is there as acknowledged: ticket, its activity, its index row.
        for (var i = 0; i < tickets.Count; i++)
        {
            var read = outcome.Read[i];
            Assert.True(read is not null, $"{tickets[i].Number} ({tickets[i].Key}) was acknowledged and is gone");
            Assert.Equal(tickets[i].Title, read!.Value.GetProperty("title").GetString());
        }
        var listed = outcome.Listed.ToDictionary(l => l.Number, l => l.Title);
        Assert.All(tickets, t => Assert.Equal(t.Title, listed.GetValueOrDefault(t.Number)));
        Assert.Equal(tickets.Count, tickets.Select(t => t.Number).Distinct().Count());
        AssertNoDuplicates(outcome);
        Assert.Equal(0, outcome.SecondRepair.Repaired);
    }

    [Fact]
    public async Task After_storage_is_killed_under_load_no_ticket_is_half_written_or_doubled_and_the_index_converges()
    {
        var outcome = await RunAsync(kill: true);

        AssertCleanFailures(outcome);
        Assert.Empty(outcome.Load.Violations);
        // Consistency: every ticket row is readable whole through the API, listed once with its current title, no
        // idempotency key made two tickets, and a second repair finds nothing left to repair.
        var listed = outcome.Listed.ToDictionary(l => l.Number, l => l.Title);
        Assert.Equal(outcome.Rows.Count, outcome.Listed.Count);
        foreach (var row in outcome.Rows)
        {
            Assert.Equal(row.GetString("Title"), listed.GetValueOrDefault(row.PartitionKey));
        }
        AssertNoDuplicates(outcome);
        Assert.Equal(0, outcome.SecondRepair.Repaired);
        var present = outcome.Read.Count(r => r is not null);
        Assert.True(present > 0, "no acknowledged ticket survived at all");
    }

    private static void AssertCleanFailures(Outcome outcome)
    {
        var unclean = outcome.Log.Attempts.Where(a => a.Status >= 500 && !a.Clean).Take(5).ToList();
        Assert.True(unclean.Count == 0, "5xx other than a 503 problem+json with Retry-After: " + string.Join(" | ", unclean));
        var hung = outcome.Log.Attempts.Where(a => a.Status == 0).Take(5).ToList();
        Assert.True(hung.Count == 0, "requests without an answer (hang past the client timeout or connection failure): " + string.Join(" | ", hung));
    }

    private static void AssertNoDuplicates(Outcome outcome)
    {
        var doubled = outcome.Rows.GroupBy(r => r.GetString("Description")).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(doubled.Count == 0, "one Idempotency-Key made several tickets: " + string.Join(", ", doubled));
        Assert.Equal(outcome.Rows.Count, outcome.Rows.Select(r => r.PartitionKey).Distinct().Count());
    }

    private async Task<Outcome> RunAsync(bool kill)
    {
        var folder = Path.Combine(Path.GetTempPath(), "servicedesk-fault-" + Guid.NewGuid().ToString("N"));
        var azurite = await AzuriteProcess.StartAsync(folder);
        var (blobPort, queuePort, tablePort) = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        LocalFunctionsHost? host = null;
        try
        {
            var options = TestHosts.Options(azurite, "FaultHub" + (kill ? "K" : "T"), TestHosts.NeverDuringTests);
            options.MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Critical; // the outage logs thousands of expected storage failures
            // The load is one caller creating as fast as storage allows: lift its per-caller create limit (600 a minute by default).
            options.Settings["ServiceDesk__RateLimits__PortalCreate__PermitLimit"] = "1000000";
            host = await LocalFunctionsHost.StartAsync(options);
            using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = FaultSuite.RequestTimeout };
            var api = new ApiClient(client, checkContract: false);
            var customer = "faults" + (kill ? "k" : "t");
            await api.PutCustomerAsync(customer);
            var token = await api.TokenAsync(new { userId = "agent1", name = "Agnes Agent", email = "agnes@" + customer + ".se", customerId = customer, roles = new[] { "Agent" } });

            var log = new RequestLog();
            var load = new TicketLoad(client, log, token, customer, Guid.NewGuid().ToString("N")[..8], lossExpected: kill);
            using var stop = new CancellationTokenSource();
            using var giveUp = new CancellationTokenSource();
            var clients = Enumerable.Range(0, FaultSuite.Clients)
                .Select(w => Task.Run(() => load.RunClientAsync(w, stop.Token, giveUp.Token)))
                .ToList();

            var outages = new List<(TimeSpan Down, TimeSpan Up)>();
            for (var cycle = 0; cycle < FaultSuite.Cycles; cycle++)
            {
                await Task.Delay(FaultSuite.LoadBetweenFaults);
                var down = log.Now;
                if (kill) await azurite.DisposeAsync(); // SIGKILL of the Azurite process
                else await azurite.TerminateAsync();
                await Task.Delay(FaultSuite.Downtime);
                azurite = await AzuriteProcess.StartAsync(folder, blobPort, queuePort, tablePort);
                outages.Add((down, log.Now));
            }
            await Task.Delay(FaultSuite.LoadBetweenFaults);
            stop.Cancel();
            giveUp.CancelAfter(TimeSpan.FromSeconds(120));
            await Task.WhenAll(clients);

            var repair = host.Services.GetRequiredService<TicketIndexRepair>();
            var (markers, byMarker) = await repair.RepairMarkedAsync(CancellationToken.None);
            var scan = await repair.RepairSinceAsync(DateTimeOffset.MinValue, CancellationToken.None);
            var first = scan with { Repaired = scan.Repaired + byMarker };
            var second = await repair.RepairSinceAsync(DateTimeOffset.MinValue, CancellationToken.None);

            var tickets = load.Tickets.OrderBy(t => t.Number).ToList();
            var read = new JsonElement?[tickets.Count];
            var activityShort = 0;
            var shortActivity = new System.Collections.Concurrent.ConcurrentQueue<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, tickets.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var ticket = tickets[i];
                using var response = await Send(client, token, "api/tickets/" + ticket.Number);
                if (!response.IsSuccessStatusCode) return;
                read[i] = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
                using var activity = await Send(client, token, $"api/tickets/{ticket.Number}/activity?pageSize=100");
                var items = JsonDocument.Parse(await activity.Content.ReadAsStringAsync()).RootElement.GetProperty("items").GetArrayLength();
                if (items < 1 + ticket.Updates) shortActivity.Enqueue($"{ticket.Number}: {items} activity entries for a create and {ticket.Updates} acknowledged updates");
            });
            activityShort = shortActivity.Count;
            if (!kill) Assert.True(shortActivity.IsEmpty, string.Join("; ", shortActivity.Take(5)));
            List<(string, string)> listed;
            try
            {
                listed = await ListAsync(client, token, customer);
            }
            catch (InvalidOperationException e)
            {
                output.WriteLine(e.Message);
                listed = [];
            }
            var tables = host.Services.GetRequiredService<Tables>();
            var rows = (await tables.GetAsync(tables.Names.Tickets))
                .Query<TableEntity>(TableClient.CreateQueryFilter($"CustomerId eq {customer} and RowKey ge 'ticket|' and RowKey lt 'ticket}}'"))
                .ToList();

            if (second.Repaired > 0)
            {
                // Diagnose a repair that does not converge: the index rows of each ticket, as the table returns them.
                var index = await tables.GetAsync(tables.Names.TicketIndex);
                foreach (var row in rows)
                {
                    var version = row.GetInt64("Version");
                    var indexRows = index.Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {customer} and Number eq {row.PartitionKey}")).ToList();
                    var t = indexRows.Where(r => r.RowKey.StartsWith("t|", StringComparison.Ordinal)).ToList();
                    if (t.Count != 1 || t[0].GetInt64("Version") != version)
                    {
                        output.WriteLine($"{row.PartitionKey} v{version}: t| rows {string.Join(", ", t.Select(r => r.RowKey + " v" + r.GetInt64("Version")))}; all index rows {indexRows.Count}");
                    }
                }
            }
            var outcome = new Outcome(load, log, outages, first, markers, second, [.. read], listed, rows);
            Report(outcome, kill, activityShort);
            return outcome;
        }
        finally
        {
            if (host is not null) await host.StopAsync();
            await azurite.DisposeAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private void Report(Outcome o, bool kill, int activityShort)
    {
        var attempts = o.Log.Attempts;
        var during = attempts.Where(a => o.Outages.Any(w => a.StartedAt + a.Duration >= w.Down && a.StartedAt <= w.Up)).ToList();
        var recoveries = o.Outages.Select(w => attempts.Where(a => a.StartedAt >= w.Up && a.Status is >= 200 and < 300)
            .Select(a => a.StartedAt + a.Duration - w.Up).DefaultIfEmpty(TimeSpan.MaxValue).Min()).ToList();
        var tickets = o.Load.Tickets.OrderBy(t => t.Number).ToList();
        var gone = o.Read.Count(r => r is null);
        var older = tickets.Where((t, i) => o.Read[i] is { } r && r.GetProperty("title").GetString() != t.Title).Count();
        var reused = tickets.Where((t, i) => o.Read[i] is { } r && r.GetProperty("description").GetString() != "key " + t.Key).Count();
        var doubled = o.Rows.GroupBy(r => r.GetString("Description")).Count(g => g.Count() > 1);
        Figures.Write(output, kill ? "storage killed (SIGKILL) under load" : "storage stopped (SIGTERM) under load", [
            $"clients {FaultSuite.Clients}, outages {o.Outages.Count} of {FaultSuite.Downtime.TotalSeconds:0} s each",
            $"acknowledged: {o.Load.AcknowledgedCreates} creates, {o.Load.AcknowledgedUpdates} updates; attempts {attempts.Count}",
            $"answers: 2xx {attempts.Count(a => a.Status is >= 200 and < 300)}, 503 {attempts.Count(a => a.Status == 503)}, other 5xx {attempts.Count(a => a.Status is >= 500 and not 503)}, no answer {attempts.Count(a => a.Status == 0)}, other {attempts.Count(a => a.Status is > 0 and (< 200 or (>= 300 and < 500)))}",
            $"longest request overlapping an outage: {(during.Count == 0 ? 0 : during.Max(a => a.Duration.TotalSeconds)):0.0} s; longest 503: {attempts.Where(a => a.Status == 503).Select(a => a.Duration.TotalSeconds).DefaultIfEmpty(0).Max():0.0} s",
            $"recovery (restart done to first 2xx): {string.Join(", ", recoveries.Select(r => r == TimeSpan.MaxValue ? "none" : $"{r.TotalSeconds:0.0} s"))}",
            $"acknowledged creates gone after restart: {gone}; tickets showing an older title than acknowledged: {older}; acknowledged numbers now holding another ticket: {reused}; tickets with fewer activity entries than acknowledged: {(kill ? activityShort : 0)}",
            $"duplicates (one Idempotency-Key, several tickets): {doubled}; ticket rows {o.Rows.Count}, listed {o.Listed.Count}",
            $"index repair: first run {o.FirstRepair.Repaired} repaired ({o.FirstMarkers} markers, {o.FirstRepair.Scanned} scanned), second run {o.SecondRepair.Repaired}",
            $"found gone or older by the clients during the run: {o.Load.Lost.Count}",
            $"client violations: {o.Load.Violations.Count} {string.Join(" | ", o.Load.Violations.Take(3))}",
        ]);
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string token, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    private static async Task<List<(string Number, string Title)>> ListAsync(HttpClient client, string token, string customer)
    {
        var all = new List<(string, string)>();
        string? continuation = null;
        do
        {
            var path = $"api/tickets?customerId={customer}&pageSize=100" + (continuation is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuation));
            using var response = await Send(client, token, path);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException("listing failed: " + await response.Content.ReadAsStringAsync());
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            all.AddRange(page.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("number").GetString()!, i.GetProperty("title").GetString()!)));
            continuation = page.TryGetProperty("continuationToken", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        while (continuation is not null);
        return all;
    }
}
