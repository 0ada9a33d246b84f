using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using MailKit.Security;
using MimeKit;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.EndToEndTests.Workflows;

/// <summary>
/// Workflows through the local mail server: a local host (real Durable engine over Azurite) sending through
/// smtp4dev and polling its IMAP mailbox (every 15 s, the MailboxPoll timer), as <c>dotnet run</c> does.
/// </summary>
public sealed class MailWorkflowHostFixture : IAsyncLifetime
{
    public const string Customer = "wf-mail";
    public const string Support = "support@servicedesk.local";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public AzuriteProcess Azurite { get; private set; } = null!;
    public Smtp4devProcess Mail { get; private set; } = null!;
    public LocalHostOptions Options { get; private set; } = null!;
    public LocalFunctionsHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public ApiClient Api { get; private set; } = null!;
    public string Admin { get; private set; } = null!;
    public string Agent { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartAsync();
        Mail = await Smtp4devProcess.StartAsync();
        Options = TestHosts.Options(Azurite, "MailWorkflowHub", TestHosts.NeverDuringTests);
        var s = Options.Settings;
        s["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.250";
        s["ServiceDesk__Workflows__ApprovalRemindAfter"] = "00:10:00";
        s["ServiceDesk__Workflows__ApprovalEscalateAfter"] = "00:20:00";
        s["ServiceDesk__Workflows__ApprovalExpireAfter"] = "00:30:00";
        s["ServiceDesk__Workflows__LinkSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)); // links survive a restart
        s["ServiceDesk__Workflows__PublicBaseUrl"] = $"http://localhost:{Options.HttpPort}";
        s["ServiceDesk__Mail__Smtp__Host"] = "127.0.0.1";
        s["ServiceDesk__Mail__Smtp__Port"] = Mail.SmtpPort.ToString();
        s["ServiceDesk__Mail__Smtp__Security"] = "None";
        s["ServiceDesk__Mail__Imap__Host"] = "127.0.0.1";
        s["ServiceDesk__Mail__Imap__Port"] = Mail.ImapPort.ToString();
        s["ServiceDesk__Mail__Imap__Security"] = "None";
        Host = await LocalFunctionsHost.StartAsync(Options);
        Client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Api = new ApiClient(Client);
        Admin = await Api.TokenAsync(new { userId = "admin1", name = "Ada Admin", customerId = "supplier", roles = new[] { "Admin" } });
        Agent = await Api.TokenAsync(new { userId = "agent1", name = "Axel Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });
        await Api.PutCustomerAsync(Customer);
        await SendOkAsync(HttpMethod.Put, $"api/customers/{Customer}/users/u-req", Admin, new { name = "Rita Requester", email = Address("u-req"), managerId = "u-mgr", language = "sv" });
        await SendOkAsync(HttpMethod.Put, $"api/customers/{Customer}/users/u-mgr", Admin, new { name = "Mona Manager", email = Address("u-mgr"), language = "sv" });
        await SendOkAsync(HttpMethod.Put, $"api/customers/{Customer}/catalog/laptop", Admin,
            new { name = "Laptop", approval = "one", approvers = new[] { "manager" }, fulfilmentGroup = "hardware" });
    }

    public static string Address(string userId) => $"{userId}@{Customer}.se";

    public async Task SendOkAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var response = await Api.SendAsync(method, path, token, body);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    public async Task<string> OrderLaptopAsync()
    {
        var requester = await Api.TokenAsync(new { userId = "u-req", name = "Rita Requester", email = Address("u-req"), customerId = Customer, roles = new[] { "EndUser" } });
        using var response = await Api.SendAsync(HttpMethod.Post, "api/requests", requester, new { catalogItemId = "laptop", description = "A new laptop, please." });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await ApiClient.JsonAsync(response)).GetProperty("number").GetString()!;
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, path, Agent);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await ApiClient.JsonAsync(response);
    }

    public Task<JsonElement> WorkflowAsync(string number) => GetAsync($"api/tickets/{number}/workflow");

    public Task<JsonElement> TicketAsync(string number) => GetAsync($"api/tickets/{number}");

    public async Task<JsonElement> ApprovalCompletedAsync(string number, string status, TimeSpan timeout)
    {
        var w = await Eventually.ReturnsAsync(() => WorkflowAsync(number),
            w => w.TryGetProperty("approval", out var a) && a.GetProperty("runtimeStatus").GetString() is "Completed" or "Failed", timeout, $"approval of {number} completing");
        if (w.GetProperty("approval").GetProperty("runtimeStatus").GetString() == "Failed")
        {
            var instance = await Host.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync("approval-" + number, getInputsAndOutputs: true);
            Assert.Fail($"approval-{number} failed: {instance?.FailureDetails?.ErrorType}: {instance?.FailureDetails?.ErrorMessage}\n{instance?.FailureDetails?.StackTrace}");
        }
        Assert.Equal(status, w.GetProperty("approval").GetProperty("status").GetString());
        return w;
    }

    /// <summary>Mails smtp4dev received for <paramref name="to"/> whose subject contains <paramref name="subjectPart"/>, once there are <paramref name="count"/>.</summary>
    public Task<List<MimeMessage>> MailsAsync(string to, string subjectPart, int count = 1, int seconds = 20) =>
        Eventually.ReturnsAsync(async () =>
        {
            var page = await Http.GetFromJsonAsync<JsonElement>($"{Mail.WebUrl}/api/messages?searchTerms={Uri.EscapeDataString(to)}&pageSize=500");
            var list = new List<MimeMessage>();
            foreach (var summary in page.GetProperty("results").EnumerateArray())
            {
                var raw = await Http.GetByteArrayAsync($"{Mail.WebUrl}/api/messages/{summary.GetProperty("id").GetString()}/download");
                var message = MimeMessage.Load(new MemoryStream(raw));
                if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)) && (message.Subject ?? "").Contains(subjectPart, StringComparison.Ordinal))
                {
                    list.Add(message);
                }
            }
            return list;
        }, l => l.Count >= count, TimeSpan.FromSeconds(seconds), $"{count} mail(s) to {to} about {subjectPart} in smtp4dev");

    /// <summary>Replies to <paramref name="original"/> by SMTP to the support address (In-Reply-To and References set).</summary>
    public async Task ReplyAsync(MimeMessage original, string fromName, string from, string text, bool threaded = true, string? subject = null)
    {
        var reply = new MimeMessage();
        reply.From.Add(new MailboxAddress(fromName, from));
        reply.To.Add(new MailboxAddress("ServiceDesk", Support));
        reply.Subject = subject ?? "SV: " + original.Subject;
        if (threaded)
        {
            reply.InReplyTo = original.MessageId;
            reply.References.Add(original.MessageId!);
        }
        reply.Body = new TextPart("plain") { Text = text + "\n\n> " + original.TextBody?.Split('\n').FirstOrDefault() };
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", Mail.SmtpPort, SecureSocketOptions.None);
        await smtp.SendAsync(reply);
        await smtp.DisconnectAsync(true);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Host is not null) await Host.StopAsync();
        if (Mail is not null) await Mail.DisposeAsync();
        if (Azurite is not null) await Azurite.DisposeAsync();
    }
}

/// <summary>
/// End to end through the local mail server: an approval decided by replying to the approval mail (delivered by the
/// IMAP poller), one by the signed link read from the mail, and a vendor that acknowledges and resolves by mail.
/// The restart of the local host is <see cref="ApprovalRestartTests"/>.
/// </summary>
public sealed partial class MailWorkflowTests(MailWorkflowHostFixture f) : IClassFixture<MailWorkflowHostFixture>
{
    [Fact]
    public async Task An_approver_approves_by_replying_to_the_approval_mail_and_the_requester_is_notified()
    {
        var number = await f.OrderLaptopAsync();
        var approvalMail = (await f.MailsAsync(MailWorkflowHostFixture.Address("u-mgr"), $"[#{number}]"))[0];
        Assert.StartsWith("Godkännande behövs: Laptop", approvalMail.Subject);

        await f.ReplyAsync(approvalMail, "Mona Manager", MailWorkflowHostFixture.Address("u-mgr"), "Kanske, vad kostar den?");
        await f.ReplyAsync(approvalMail, "Mona Manager", MailWorkflowHostFixture.Address("u-mgr"), "Godkänn\nKör på, budgeten räcker.");

        var workflow = await f.ApprovalCompletedAsync(number, "approved", TimeSpan.FromSeconds(40)); // the IMAP poll runs every 15 s
        var decision = workflow.GetProperty("approval").GetProperty("steps")[0].GetProperty("decisions")[0];
        Assert.Equal(("mail", "approve", "u-mgr"),
            (decision.GetProperty("channel").GetString(), decision.GetProperty("decision").GetString()?.ToLowerInvariant(), decision.GetProperty("approverId").GetString()));
        Assert.Equal("Kör på, budgeten räcker.", decision.GetProperty("comment").GetString());
        var ticket = await f.TicketAsync(number);
        Assert.Equal(("assigned", "hardware"), (ticket.GetProperty("status").GetString(), ticket.GetProperty("assignmentGroup").GetString()));

        var notUnderstood = await f.MailsAsync(MailWorkflowHostFixture.Address("u-mgr"), $"could not understand your reply [#{number}]");
        Assert.Contains("Nothing has been changed", notUnderstood[0].TextBody ?? "");
        Assert.Equal("auto-generated", notUnderstood[0].Headers["Auto-Submitted"]);
        var outcome = await f.MailsAsync(MailWorkflowHostFixture.Address("u-req"), $"godkänd och skickad för leverans. [#{number}]");
        Assert.Contains("Your request was approved and sent for fulfilment.", outcome[0].TextBody ?? "");
    }

    [Fact]
    public async Task A_signed_link_from_the_mail_shows_a_confirmation_page_on_GET_and_decides_on_POST()
    {
        var number = await f.OrderLaptopAsync();
        var approvalMail = (await f.MailsAsync(MailWorkflowHostFixture.Address("u-mgr"), $"[#{number}]"))[0];
        var link = LinkPattern().Match(approvalMail.TextBody ?? "").Value; // the first link is Godkänn (Swedish first)
        Assert.StartsWith($"http://localhost:{f.Options.HttpPort}/api/approvals/link?token=", link);

        using var http = new HttpClient();
        var page = await http.GetStringAsync(link);
        Assert.Contains("<form method=\"post\"", page);
        await Task.Delay(1000);
        Assert.Equal("waiting", (await f.WorkflowAsync(number)).GetProperty("approval").GetProperty("status").GetString());

        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + "token=".Length)..]);
        using var post = await http.PostAsync(link[..link.IndexOf('?')], new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = token }));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var workflow = await f.ApprovalCompletedAsync(number, "approved", TimeSpan.FromSeconds(20));
        Assert.Equal("link", workflow.GetProperty("approval").GetProperty("steps")[0].GetProperty("decisions")[0].GetProperty("channel").GetString());
    }

    [Fact]
    public async Task A_vendor_acknowledges_by_reply_and_resolves_by_a_mail_with_its_own_number_and_the_agent_closes_it()
    {
        const string vendorAddress = "desk@vendor-x.example";
        await f.SendOkAsync(HttpMethod.Put, $"api/customers/{MailWorkflowHostFixture.Customer}/vendors/vendor-x", f.Admin, new
        {
            name = "Vendor X", channel = "email", email = vendorAddress, escalationContact = "boss@vendor-x.example",
            acknowledgeWithin = "00:10:00", resolveWithin = "00:20:00", ticketNumberPattern = @"VX-\d+",
        });
        await f.SendOkAsync(HttpMethod.Put, $"api/customers/{MailWorkflowHostFixture.Customer}/catalog/switch", f.Admin,
            new { name = "Switch", approval = "none", fulfilmentGroup = "network" });
        var requester = await f.Api.TokenAsync(new { userId = "u-req", name = "Rita Requester", email = MailWorkflowHostFixture.Address("u-req"), customerId = MailWorkflowHostFixture.Customer, roles = new[] { "EndUser" } });
        string number;
        using (var created = await f.Api.SendAsync(HttpMethod.Post, "api/requests", requester, new { catalogItemId = "switch", description = "The switch in room 4 is dead." }))
        {
            number = (await ApiClient.JsonAsync(created)).GetProperty("number").GetString()!;
        }
        await f.SendOkAsync(HttpMethod.Post, $"api/tickets/{number}/vendor", f.Agent, new { vendorId = "vendor-x" });

        var dispatch = (await f.MailsAsync(vendorAddress, $"[#{number}]"))[0];
        await f.ReplyAsync(dispatch, "Vendor X Support", vendorAddress, "Thanks, registered as VX-5521. We will send a technician.");
        var acknowledged = await Eventually.ReturnsAsync(() => f.WorkflowAsync(number),
            w => w.TryGetProperty("vendor", out var v) && v.GetProperty("status").GetString() == "acknowledged", TimeSpan.FromSeconds(40), "vendor acknowledgement by mail");
        Assert.Equal("VX-5521", acknowledged.GetProperty("vendor").GetProperty("vendorReference").GetString());

        // Not threaded and without our token: the vendor's own number plus its address find the case.
        var resolution = new MimeMessage();
        resolution.From.Add(new MailboxAddress("Vendor X Support", vendorAddress));
        resolution.To.Add(new MailboxAddress("ServiceDesk", MailWorkflowHostFixture.Support));
        resolution.Subject = "VX-5521 resolved";
        resolution.MessageId = $"{Guid.NewGuid():N}@vendor-x.example";
        resolution.Body = new TextPart("plain") { Text = "Resolved: the switch was replaced on site." };
        using var body = new MemoryStream();
        await resolution.WriteToAsync(body);
        using var inbound = new ByteArrayContent(body.ToArray());
        inbound.Headers.ContentType = new("message/rfc822");
        using var posted = await f.Client.PostAsync("api/inbound/email", inbound);
        var result = await ApiClient.JsonAsync(posted);
        Assert.Equal(("appended", number, "vendor-resolved"),
            (result.GetProperty("action").GetString(), result.GetProperty("ticketNumber").GetString(), result.GetProperty("reason").GetString()));
        await Eventually.ReturnsAsync(() => f.WorkflowAsync(number),
            w => w.GetProperty("vendor").GetProperty("status").GetString() == "resolvedByVendor", TimeSpan.FromSeconds(20), "vendor resolution");

        await f.SendOkAsync(HttpMethod.Post, $"api/tickets/{number}/vendor/confirm", f.Agent);
        await Eventually.ReturnsAsync(() => f.TicketAsync(number), t => t.GetProperty("status").GetString() == "resolved", TimeSpan.FromSeconds(20), "ticket resolved");
        var activity = (await f.GetAsync($"api/tickets/{number}/activity?pageSize=100")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(activity, a => a.GetProperty("type").GetString() == "internalNote" && a.GetProperty("text").GetString()!.Contains("Thanks, registered as VX-5521"));
        Assert.Contains(activity, a => a.GetProperty("type").GetString() == "internalNote" && a.GetProperty("text").GetString()!.Contains("the switch was replaced on site"));
    }

    [GeneratedRegex(@"http://\S+/api/approvals/link\?token=\S+")]
    private static partial Regex LinkPattern();
}
