using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Storage.Queues;
using MimeKit;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.EndToEndTests.Operations;

/// <summary>
/// A local host with smtp4dev whose spans, metrics and logs are captured (<see cref="TelemetryCapture"/>), and one
/// end-to-end run through it with distinctive people: a portal ticket, a mail in, an approval, a comment, a resolution,
/// notification mails out and a rejected intake message. The tests read what the run left in the capture.
/// </summary>
public sealed class TelemetryHostFixture : IAsyncLifetime
{
    public const string Customer = "tele-pii";
    public const string RequesterName = "Zlatan Telemetrisson";
    public const string RequesterEmail = "zlatan.telemetrisson@tele-pii.se";
    public const string ApproverName = "Majken Godkännardotter";
    public const string ApproverEmail = "majken.godkannardotter@tele-pii.se";
    public const string MailSenderName = "Greta Postqvist";
    public const string MailSenderEmail = "greta.postqvist@tele-pii.se";

    /// <summary>What the scan looks for: every address and every name (and name part) the run used.</summary>
    public static readonly string[] PersonalData =
    [
        RequesterEmail, ApproverEmail, MailSenderEmail, RequesterName, ApproverName, MailSenderName,
        "Telemetrisson", "Godkännardotter", "Postqvist", "zlatan.telemetrisson", "majken.godkannardotter", "greta.postqvist",
    ];

    private Task<Run>? _run;

    public AzuriteProcess Azurite { get; private set; } = null!;
    public Smtp4devProcess Mail { get; private set; } = null!;
    public LocalFunctionsHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public ApiClient Api { get; private set; } = null!;
    public TelemetryCapture Capture { get; } = new();

    /// <summary>The ticket numbers of the run: portal ticket, mailed-in ticket, approved request.</summary>
    public sealed record Run(string Portal, string Mailed, string Request);

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartAsync();
        Mail = await Smtp4devProcess.StartAsync();
        var options = TestHosts.Options(Azurite, "TelemetryHub", TestHosts.NeverDuringTests);
        var s = options.Settings;
        s["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.250";
        s["ServiceDesk__Mail__Smtp__Host"] = "127.0.0.1";
        s["ServiceDesk__Mail__Smtp__Port"] = Mail.SmtpPort.ToString();
        s["ServiceDesk__Mail__Smtp__Security"] = "None";
        Capture.Attach(options);
        Host = await LocalFunctionsHost.StartAsync(options);
        Capture.Started(Host);
        Client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Api = new ApiClient(Client);
    }

    /// <summary>The end-to-end run, once per fixture (every test of the class reads the same capture).</summary>
    public Task<Run> RunAsync() => _run ??= RunOnceAsync();

    private async Task<Run> RunOnceAsync()
    {
        var admin = await Api.TokenAsync(new { userId = "admin1", name = "Ada Admin", customerId = "supplier", roles = new[] { "Admin" } });
        var agent = await Api.TokenAsync(new { userId = "agent1", name = "Axel Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });
        await Api.PutCustomerAsync(Customer);
        await OkAsync(HttpMethod.Put, $"api/customers/{Customer}/users/u-zt", admin, new { name = RequesterName, email = RequesterEmail, managerId = "u-mg", language = "sv" });
        await OkAsync(HttpMethod.Put, $"api/customers/{Customer}/users/u-mg", admin, new { name = ApproverName, email = ApproverEmail, language = "en" });
        await OkAsync(HttpMethod.Put, $"api/customers/{Customer}/catalog/laptop", admin,
            new { name = "Laptop", approval = "one", approvers = new[] { "manager" }, fulfilmentGroup = "hardware" });
        var requester = await Api.TokenAsync(new { userId = "u-zt", name = RequesterName, email = RequesterEmail, customerId = Customer, roles = new[] { "EndUser" } });
        var approver = await Api.TokenAsync(new { userId = "u-mg", name = ApproverName, email = ApproverEmail, customerId = Customer, roles = new[] { "Approver" } });

        // 1. A portal ticket, commented on and resolved by the agent.
        var portal = (await OkAsync(HttpMethod.Post, "api/tickets", requester,
            new { kind = "Incident", title = "Skrivaren skriver inte ut", description = $"Hälsningar, {RequesterName}", impact = "Low", urgency = "Medium" }))
            .GetProperty("number").GetString()!;
        await OkAsync(HttpMethod.Post, $"api/tickets/{portal}/comments", agent, new { text = "Vi tittar på det.", visibility = "public" });
        foreach (var (action, body) in new (string, object?)[]
                 {
                     ("assign", new { group = "Service Desk L1", assigneeId = "agent1", assigneeName = "Axel Agent" }),
                     ("start", null),
                     ("resolve", new { resolutionCode = "Solved", resolutionNotes = "Kön rensad." }),
                 })
        {
            using var current = await Api.SendAsync(HttpMethod.Get, $"api/tickets/{portal}", agent);
            using var changed = await Api.SendAsync(HttpMethod.Post, $"api/tickets/{portal}/transitions/{action}", agent, body, current.Headers.ETag!.Tag);
            Assert.True(changed.IsSuccessStatusCode, $"{action}: {await changed.Content.ReadAsStringAsync()}");
        }

        // 2. A mail in from a person of the customer: a new ticket.
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(MailSenderName, MailSenderEmail));
        message.To.Add(new MailboxAddress("ServiceDesk", "support@servicedesk.local"));
        message.Subject = "VPN fungerar inte";
        message.MessageId = $"{Guid.NewGuid():N}@tele-pii.se";
        message.Body = new TextPart("plain") { Text = $"Hej! VPN-klienten startar inte.\n\n{MailSenderName}\n{MailSenderEmail}" };
        using var raw = new MemoryStream();
        await message.WriteToAsync(raw);
        using var inbound = new ByteArrayContent(raw.ToArray());
        inbound.Headers.ContentType = new MediaTypeHeaderValue("message/rfc822");
        using var posted = await Client.PostAsync("api/inbound/email", inbound);
        Assert.True(posted.StatusCode == HttpStatusCode.Accepted, await posted.Content.ReadAsStringAsync());
        var mailed = (await ApiClient.JsonAsync(posted)).GetProperty("ticketNumber").GetString()!;

        // 3. A request approved by the requester's manager.
        var request = (await OkAsync(HttpMethod.Post, "api/requests", requester, new { catalogItemId = "laptop", description = "En ny dator, tack." }))
            .GetProperty("number").GetString()!;
        await Eventually.ReturnsAsync(() => GetAsync($"api/tickets/{request}/workflow", agent),
            w => w.TryGetProperty("approval", out var a) && a.GetProperty("steps")[0].TryGetProperty("openedAt", out _), TimeSpan.FromSeconds(60), "approval step opening");
        await OkAsync(HttpMethod.Post, $"api/approvals/{request}/0", approver, new { decision = "approve", comment = "Ok." });
        await Eventually.ReturnsAsync(() => GetAsync($"api/tickets/{request}/workflow", agent),
            w => w.GetProperty("approval").GetProperty("runtimeStatus").GetString() == "Completed", TimeSpan.FromSeconds(60), "approval completing");

        // 4. A message the intake refuses.
        var intake = new QueueClient(Azurite.ConnectionString, "incidents-inbound", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await intake.CreateIfNotExistsAsync();
        await intake.SendMessageAsync("{ this is not an intake message");

        // 5. The ticket events go out through the outbox (its timer runs every 10 s) and mails through the mail queue.
        await Eventually.ReturnsAsync(() => Task.FromResult(Capture.Spans()),
            spans => spans.Any(a => a.DisplayName == "mail.send" && (string?)a.GetTagItem("servicedesk.outcome") == "Sent")
                && spans.Any(a => a.DisplayName == "outbox.dispatch" && (string?)a.GetTagItem("servicedesk.ticket.number") == portal)
                && spans.Any(a => a.DisplayName == "intake.message" && (string?)a.GetTagItem("servicedesk.outcome") == "Rejected"),
            TimeSpan.FromSeconds(120), "the portal ticket's events dispatched, a mail sent and the intake rejection handled");
        return new Run(portal, mailed, request);
    }

    private async Task<JsonElement> OkAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var response = await Api.SendAsync(method, path, token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> GetAsync(string path, string token)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, path, token);
        return await ApiClient.JsonAsync(response);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Host is not null) await Host.StopAsync();
        if (Mail is not null) await Mail.DisposeAsync();
        if (Azurite is not null) await Azurite.DisposeAsync();
    }
}
