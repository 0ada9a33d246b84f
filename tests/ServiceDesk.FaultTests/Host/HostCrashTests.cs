using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.FaultTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using Xunit.Abstractions;

namespace ServiceDesk.FaultTests.Host;

/// <summary>
/// The host dies mid-work: the local host (a separate process) is killed with SIGKILL while the intake queue, the
/// mail outbox and an approval orchestration are busy; a new host on the same storage finishes everything. The mail
/// server is the test's own smtp4dev (the Run command uses one already serving), so it outlives the killed host and
/// every mail ever sent can be counted.
/// </summary>
public sealed class HostCrashTests(ITestOutputHelper output)
{
    private const string Customer = "hostcrash";
    private static int IntakeMessages => FaultSuite.Soak ? 400 : 60;
    private static int MalformedMessages => 5;
    private static int HttpTickets => FaultSuite.Soak ? 60 : 12;

    [Fact]
    public async Task A_host_killed_mid_work_loses_no_intake_message_no_notification_and_no_approval()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var mail = await Smtp4devProcess.StartAsync();
        var environment = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["ServiceDesk__Mail__Smtp__Port"] = mail.SmtpPort.ToString(),
            ["ServiceDesk__Mail__Imap__Port"] = mail.ImapPort.ToString(),
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = "CrashHub",
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.250",
            // A message the killed engine had read stays invisible this long (the real default, 5 minutes, in Azure too).
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:00:15",
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = "00:00:15",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500",
            ["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = "3",
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:01",
            ["ServiceDesk__Workflows__ApprovalRemindAfter"] = "00:10:00",
            ["ServiceDesk__Workflows__ApprovalEscalateAfter"] = "00:20:00",
            ["ServiceDesk__Workflows__ApprovalExpireAfter"] = "00:30:00",
        };
        string[] arguments = ["--mail-web-port", mail.WebPort.ToString()];
        var port = FreePorts.Next();
        var queue = new QueueClient(azurite.ConnectionString, "incidents-inbound", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var kills = new List<string>();
        string approvalNumber;
        var ticketNumbers = new List<(string Number, string Email)>();
        var run = Guid.NewGuid().ToString("N")[..6];

        var host = await HostProcess.StartAsync(port, environment, arguments);
        try
        {
            Assert.Contains("Mail: using the smtp4dev already serving", host.Output);
            using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = FaultSuite.RequestTimeout };
            var api = new ApiClient(client, checkContract: false);
            var admin = await api.TokenAsync(new { userId = "admin1", name = "Ada", customerId = "supplier", roles = new[] { "Admin" } });
            await api.PutCustomerAsync(Customer);
            await OkAsync(api, HttpMethod.Put, $"api/customers/{Customer}/users/u-req", admin, new { name = "Rita", email = $"u-req@{Customer}.se", managerId = "u-mgr" });
            await OkAsync(api, HttpMethod.Put, $"api/customers/{Customer}/users/u-mgr", admin, new { name = "Mona", email = $"u-mgr@{Customer}.se" });
            await OkAsync(api, HttpMethod.Put, $"api/customers/{Customer}/catalog/laptop", admin,
                new { name = "Laptop", approval = "one", approvers = new[] { "manager" }, fulfilmentGroup = "hardware" });
            var requester = await api.TokenAsync(new { userId = "u-req", name = "Rita", email = $"u-req@{Customer}.se", customerId = Customer });
            using (var created = await api.SendAsync(HttpMethod.Post, "api/requests", requester, new { catalogItemId = "laptop" }))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                approvalNumber = (await ApiClient.JsonAsync(created)).GetProperty("number").GetString()!;
            }
            await Eventually.ReturnsAsync(() => WorkflowAsync(api, admin, approvalNumber),
                w => w.TryGetProperty("approval", out var a) && a.ValueKind == JsonValueKind.Object && a.GetProperty("steps").GetArrayLength() > 0 &&
                     a.GetProperty("steps")[0].TryGetProperty("openedAt", out var opened) && opened.ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(60), "approval step open");

            // Tickets whose confirmation mails go through the outbox, then the burst: intake messages (a few malformed)
            // and the approver's decision, which the orchestration takes in and acts on; the kill follows at once.
            await Task.WhenAll(Enumerable.Range(0, HttpTickets).Select(async i =>
            {
                var email = $"req{i}-{run}@{Customer}.se";
                var token = await api.TokenAsync(new { userId = $"req{i}", name = $"Requester {i}", email, customerId = Customer });
                using var request = new HttpRequestMessage(HttpMethod.Post, "api/tickets")
                {
                    Content = JsonContent.Create(new { kind = "Incident", customerId = Customer, title = $"Crash ticket {i}", description = "Mail me", impact = "Low", urgency = "Low" }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var created = await client.SendAsync(request);
                Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
                var number = (await ApiClient.JsonAsync(created)).GetProperty("number").GetString()!;
                lock (ticketNumbers) ticketNumbers.Add((number, email));
            }));
            await queue.CreateIfNotExistsAsync();
            var sends = Enumerable.Range(0, IntakeMessages).Select(i => queue.SendMessageAsync(Intake(run, i)))
                .Concat(Enumerable.Range(0, MalformedMessages).Select(i => queue.SendMessageAsync("{ not json " + i)));
            await Task.WhenAll(sends);
            var approver = await api.TokenAsync(new { userId = "u-mgr", name = "Mona", email = $"u-mgr@{Customer}.se", customerId = Customer, roles = new[] { "Approver" } });
            using (var decided = await api.SendAsync(HttpMethod.Post, $"api/approvals/{approvalNumber}/0", approver, new { decision = "approve", comment = "Just before the crash" }))
            {
                Assert.Equal(HttpStatusCode.Accepted, decided.StatusCode);
            }
            kills.Add($"queue left at the kill: {(await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount} of {IntakeMessages + MalformedMessages} intake messages; mails received {await MailCountAsync(mail)}");
            await host.KillHardAsync();
        }
        finally
        {
            await host.DisposeAsync();
        }

        var restart = System.Diagnostics.Stopwatch.StartNew();
        await using var second = await HostProcess.StartAsync(port, environment, arguments);
        var served = restart.Elapsed;
        using var client2 = new HttpClient { BaseAddress = second.BaseAddress, Timeout = FaultSuite.RequestTimeout };
        var api2 = new ApiClient(client2, checkContract: false);
        var admin2 = await api2.TokenAsync(new { userId = "admin1", name = "Ada", customerId = "supplier", roles = new[] { "Admin" } });

        // Intake: every message is accounted for: its ticket, its recorded rejection, poison, or still in the queue. A
        // message the killed host was working on stays invisible for the queue listener's 10 minutes (as in Azure, where
        // the Functions host holds a running message for 10 minutes too) and is then processed again; its ticket may
        // already exist, and intake's correlation makes the redelivery a duplicate, not a second ticket.
        var poison = new QueueClient(azurite.ConnectionString, "incidents-inbound-poison");
        async Task<int> QueuedAsync() => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
        async Task<int> PoisonedAsync() => await poison.ExistsAsync() ? (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
        var accounted = await Eventually.ReturnsAsync(async () =>
        {
            var tickets = (await ListTitlesAsync(client2, admin2)).Where(t => t.StartsWith($"Intake {run} ", StringComparison.Ordinal)).ToList();
            return (Tickets: tickets, Rejections: await RejectionCountAsync(api2, admin2), Queued: await QueuedAsync(), Poisoned: await PoisonedAsync());
        }, a => a.Tickets.Distinct().Count() + a.Rejections + a.Queued + a.Poisoned >= IntakeMessages + MalformedMessages && a.Rejections + a.Queued + a.Poisoned >= MalformedMessages,
            TimeSpan.FromSeconds(120), "every intake message accounted for");
        var intakeTickets = accounted.Tickets;
        var (rejections, queued, poisoned) = (accounted.Rejections, accounted.Queued, accounted.Poisoned);
        var intakeDone = restart.Elapsed;

        // Approval: completes, approved, fulfilment assigned (after the killed engine's partition leases expire).
        var workflow = await Eventually.ReturnsAsync(() => WorkflowAsync(api2, admin2, approvalNumber),
            w => w.TryGetProperty("approval", out var a) && a.ValueKind == JsonValueKind.Object && a.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed",
            TimeSpan.FromSeconds(150), "the approval completing");
        var approvalDone = restart.Elapsed;

        // Mail: each ticket's confirmation reached its requester; duplicates are counted (at-least-once: a mail sent
        // just before the kill, whose outbox row was not yet marked sent, is sent again by the new host).
        var perTicketMails = await Eventually.ReturnsAsync(async () =>
        {
            var messages = await MessagesAsync(mail);
            return new MailCounts(ticketNumbers.Select(t => messages.Count(m => m.To.Contains(t.Email, StringComparer.OrdinalIgnoreCase))).ToList());
        }, counts => counts.PerTicket.All(c => c >= 1), TimeSpan.FromSeconds(240), "a confirmation mail for every ticket"); // generous: CI runs the other suites beside this one
        var perTicket = perTicketMails.PerTicket;
        var mailDone = restart.Elapsed;

        Figures.Write(output, "local host killed (SIGKILL) mid-work, new host on the same storage", [
            $"work: {IntakeMessages} intake messages + {MalformedMessages} malformed, {HttpTickets} tickets over HTTP (one confirmation mail each), one approval decided just before the kill",
            .. kills,
            $"second host served /api/health after {served.TotalSeconds:0.0} s; intake finished after {intakeDone.TotalSeconds:0.0} s; mails after {mailDone.TotalSeconds:0.0} s; approval completed after {approvalDone.TotalSeconds:0.0} s (from the restart)",
            $"intake: tickets {intakeTickets.Count} of {IntakeMessages} (distinct {intakeTickets.Distinct().Count()}), rejections {rejections} of {MalformedMessages}, poisoned {poisoned}, still in the queue (in flight at the kill, back after the 10-minute invisibility) {queued}; lost {Math.Max(0, IntakeMessages + MalformedMessages - intakeTickets.Distinct().Count() - rejections - queued - poisoned)}",
            $"confirmation mails: {perTicket.Count(c => c >= 1)} of {ticketNumbers.Count} tickets got theirs, lost {perTicket.Count(c => c == 0)}, sent twice {perTicket.Count(c => c > 1)}",
            $"approval: {workflow.GetProperty("approval").GetProperty("runtimeStatus").GetString()}, {workflow.GetProperty("approval").GetProperty("status").GetString()}",
        ]);
        Assert.Equal(intakeTickets.Count, intakeTickets.Distinct().Count()); // no message made two tickets
        Assert.True(intakeTickets.Count + rejections + queued + poisoned >= IntakeMessages + MalformedMessages, "an intake message was lost");
        // At least once, and a resend only for a mail that was in flight at the kill: at most once more.
        Assert.All(perTicket, c => Assert.InRange(c, 1, 2));
        Assert.Equal(("Completed", "approved"),
            (workflow.GetProperty("approval").GetProperty("runtimeStatus").GetString(), workflow.GetProperty("approval").GetProperty("status").GetString()));
    }

    private static string Intake(string run, int i) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["schemaVersion"] = "1.0",
        ["source"] = "fault-suite",
        ["sourceId"] = $"{run}-{i}",
        ["customerId"] = Customer,
        ["title"] = $"Intake {run} {i}",
        ["description"] = "A monitoring alert sent while the host dies.",
        ["severity"] = "high",
        ["service"] = "File storage",
        ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
        ["correlationKey"] = $"{run}-{i}",
        ["status"] = "firing",
    });

    private static async Task<List<string>> ListTitlesAsync(HttpClient client, string token)
    {
        var all = new List<string>();
        string? continuation = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"api/tickets?customerId={Customer}&pageSize=100" + (continuation is null ? "" : "&continuationToken=" + Uri.EscapeDataString(continuation)));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request);
            if (!response.IsSuccessStatusCode) return all;
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            all.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!));
            continuation = page.TryGetProperty("continuationToken", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        }
        while (continuation is not null);
        return all;
    }

    private static async Task<int> RejectionCountAsync(ApiClient api, string admin)
    {
        using var response = await api.SendAsync(HttpMethod.Get, "api/intake/rejections?pageSize=100", admin);
        if (!response.IsSuccessStatusCode) return 0;
        return (await ApiClient.JsonAsync(response)).GetProperty("items").GetArrayLength();
    }

    private sealed record Mail(string[] To, string Subject);

    private static async Task<List<Mail>> MessagesAsync(Smtp4devProcess server)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var page = await http.GetFromJsonAsync<JsonElement>($"{server.WebUrl}/api/messages?pageSize=5000");
        return [.. page.GetProperty("results").EnumerateArray().Select(m => new Mail(
            m.GetProperty("to").EnumerateArray().Select(t => t.GetString() ?? "").ToArray(),
            m.TryGetProperty("subject", out var s) ? s.GetString() ?? "" : ""))];
    }

    private static async Task<int> MailCountAsync(Smtp4devProcess server) => (await MessagesAsync(server)).Count;

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

    /// <summary>Mails received per ticket's requester; printed as the counts when the wait times out.</summary>
    private sealed record MailCounts(List<int> PerTicket)
    {
        public override string ToString() => "mails per ticket: " + string.Join(", ", PerTicket);
    }
}
