using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Functions.Mail;
using ServiceDesk.Infrastructure.Events;
using ServiceDesk.Infrastructure.Mail;
using ServiceDesk.IntegrationTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.IntegrationTests.Mail;

/// <summary>
/// The whole channel against Azurite and a real smtp4dev: mail sent by SMTP, read by the IMAP poller, a ticket, the
/// acknowledgement delivered through the outbox queue and read back from smtp4dev's API, a reply threaded as a comment.
/// </summary>
[Collection(MailQueueDrain.Collection)]
public sealed class MailFlowTests
{
    private static async Task<(TestApp App, Smtp4devProcess Server)> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var server = await SharedSmtp4dev.GetAsync();
        var app = await MailTestApp.StartAsync(s =>
        {
            s["ServiceDesk:Mail:Smtp:Host"] = "127.0.0.1";
            s["ServiceDesk:Mail:Smtp:Port"] = server.SmtpPort.ToString();
            s["ServiceDesk:Mail:Smtp:Security"] = "None";
            s["ServiceDesk:Mail:Imap:Host"] = "127.0.0.1";
            s["ServiceDesk:Mail:Imap:Port"] = server.ImapPort.ToString();
            s["ServiceDesk:Mail:Imap:Security"] = "None";
            s["ServiceDesk:Mail:Sending:FirstBackoffSeconds"] = "1";
            s["ServiceDesk:Mail:Sending:MaxBackoffSeconds"] = "1";
            configure?.Invoke(s);
        });
        await MailQueueDrain.Queue(app).CreateIfNotExistsAsync();
        await MailQueueDrain.Queue(app).ClearMessagesAsync();
        return (app, server);
    }

    private static async Task SendAsync(Smtp4devProcess server, MimeMessage message)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", server.SmtpPort, SecureSocketOptions.None);
        await client.SendAsync(message);
        await client.DisconnectAsync(true);
    }

    [Fact]
    public async Task A_mail_becomes_a_ticket_is_acknowledged_and_the_reply_lands_as_a_comment_without_history()
    {
        var (app, server) = await StartAsync();
        await using var _ = app;
        var user = $"anna.{Guid.NewGuid():N}"[..14] + "@contoso.se";
        var original = new MimeMessage();
        original.From.Add(new MailboxAddress("Anna Svensson", user));
        original.To.Add(new MailboxAddress("Support", "support@servicedesk.local"));
        original.Subject = "Skrivaren på våning 3 är trasig";
        original.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("contoso.se");
        original.Body = new TextPart("plain") { Text = "Hej! Skrivaren skriver inte ut.\n\nMvh Anna" };
        await SendAsync(server, original);

        await app.Get<MailboxPolling>().RunAsync(CancellationToken.None);
        var created = (await app.Get<IMailStore>().ListInboundAsync("created", 100, null, CancellationToken.None)).Items
            .Single(r => r.MessageId == original.MessageId);
        Assert.Equal("imap", created.Transport);
        var number = created.TicketNumber!;

        await app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);
        await MailQueueDrain.RunAsync(app, async () => (await SharedSmtp4dev.MessagesAsync(server, user)).Count > 0, TimeSpan.FromSeconds(20));
        var ack = Assert.Single(await SharedSmtp4dev.MessagesAsync(server, user));
        Assert.True(ack.Subject?.StartsWith($"[{number}] Ärendet har tagits emot") == true, ack.Subject);
        Assert.Equal("auto-replied", ack.Headers["Auto-Submitted"]);
        Assert.Equal("servicedesk.local", ack.Headers["X-ServiceDesk-Loop"]);
        Assert.Equal("support@servicedesk.local", ack.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal(original.MessageId, ack.InReplyTo);
        Assert.EndsWith("@servicedesk.local", ack.MessageId);

        var reply = new MimeMessage();
        reply.From.Add(new MailboxAddress("Anna Svensson", user));
        reply.To.Add(new MailboxAddress("ServiceDesk", "support@servicedesk.local"));
        reply.Subject = "SV: " + ack.Subject;
        reply.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("contoso.se");
        reply.InReplyTo = ack.MessageId;
        reply.References.Add(ack.MessageId!);
        reply.Body = new TextPart("plain") { Text = "Nu blinkar den rött också.\n\nDen tis 4 mars 2025 kl 10:02 skrev ServiceDesk <support@servicedesk.local>:\n> " + ack.TextBody!.Replace("\n", "\n> ") };
        await SendAsync(server, reply);
        await app.Get<MailboxPolling>().RunAsync(CancellationToken.None);

        var activities = (await app.Get<ITicketStore>().ListActivityAsync(number, true, 100, null, CancellationToken.None)).Items;
        var comment = activities.Last(a => a.Type == ActivityType.Comment);
        Assert.Equal("Nu blinkar den rött också.", comment.Text);
        Assert.Equal(user, comment.Actor.Id);
        Assert.Contains(activities, a => a.Type == ActivityType.NotificationSent && a.Data["messageId"] == ack.MessageId);
        // Our acknowledgement also reached the IMAP mailbox (smtp4dev keeps every mail): the loop header ignored it.
        var ignored = (await app.Get<IMailStore>().ListInboundAsync("ignored", 100, null, CancellationToken.None)).Items;
        Assert.Contains(ignored, r => r.MessageId == ack.MessageId && r.Reason == "loop-header");
        // And the public comment of the service desk is mailed too, the requester's own reply is not.
        await app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);
        await MailQueueDrain.RunAsync(app, () => Task.FromResult(false), TimeSpan.FromSeconds(2));
        Assert.Single(await SharedSmtp4dev.MessagesAsync(server, user));
    }

    [Fact]
    public async Task An_SMTP_outage_during_a_burst_loses_nothing()
    {
        var closedPort = FreePorts.Next();
        var (app, server) = await StartAsync(s =>
        {
            s["ServiceDesk:Mail:Sending:PerRecipientPerHour"] = "1000";
            s["ServiceDesk:Mail:Sending:GlobalPerMinute"] = "1000";
            s["ServiceDesk:Mail:Sending:GlobalPerHour"] = "1000";
        });
        await using var _ = app;
        var smtp = app.Get<IOptions<SmtpOptions>>().Value;
        smtp.Port = closedPort; // the SMTP server is down
        var user = $"burst.{Guid.NewGuid():N}"[..14] + "@contoso.se";
        var caller = new Caller("u-" + user, "Burst User", user, "contoso", new HashSet<Role> { Role.EndUser }, []);
        const int burst = 20;
        for (var i = 0; i < burst; i++)
        {
            await app.Get<TicketCommands>().CreateAsync(caller, new CreateTicketInput { Kind = "Incident", Title = $"Burst {i}", Description = "x" }, null, CancellationToken.None);
        }
        await app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);

        // Drain while the server is down until every mail of the burst has failed once (bounded, not a timed assertion).
        var during = await MailQueueDrain.RunAsync(app,
            seen => Task.FromResult(seen.Count(o => o == MailSender.Outcome.Retrying) >= burst), TimeSpan.FromSeconds(60));
        Assert.True(during.Count(o => o == MailSender.Outcome.Retrying) >= burst);
        Assert.DoesNotContain(MailSender.Outcome.Sent, during);
        Assert.Empty(await SharedSmtp4dev.MessagesAsync(server, user));

        smtp.Port = server.SmtpPort; // it recovers
        await MailQueueDrain.RunAsync(app, async () => (await SharedSmtp4dev.MessagesAsync(server, user)).Count >= burst, TimeSpan.FromSeconds(30));
        var received = await SharedSmtp4dev.MessagesAsync(server, user);
        Assert.Equal(Enumerable.Range(0, burst).Select(i => $"Burst {i}").Order(), received.Select(m => m.Subject!.Split(": ", 2)[1]).Order());
        var outbox = await app.Get<IMailOutbox>().ListAsync(null, 100, CancellationToken.None);
        Assert.All(outbox.Where(m => m.To == user), m => Assert.Equal(OutgoingMail.Sent, m.Status));
        Assert.Contains(outbox, m => m.To == user && m.Attempts > 1);
    }

    [Fact]
    public async Task The_global_rate_makes_a_backlog_wait_instead_of_dropping_it()
    {
        var (app, server) = await StartAsync(s => s["ServiceDesk:Mail:Sending:GlobalPerMinute"] = "3");
        await using var _ = app;
        var user = $"rate.{Guid.NewGuid():N}"[..14] + "@contoso.se";
        var caller = new Caller("u-" + user, "Rate User", user, "contoso", new HashSet<Role> { Role.EndUser }, []);
        for (var i = 0; i < 5; i++)
        {
            await app.Get<TicketCommands>().CreateAsync(caller, new CreateTicketInput { Kind = "Incident", Title = $"Rate {i}", Description = "x" }, null, CancellationToken.None);
        }
        await app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);

        var outcomes = await MailQueueDrain.RunAsync(app, () => Task.FromResult(false), TimeSpan.FromSeconds(2));

        Assert.True(outcomes.Count(o => o == MailSender.Outcome.Sent) <= 3);
        Assert.Contains(MailSender.Outcome.Throttled, outcomes);
        var pending = (await app.Get<IMailOutbox>().ListAsync(OutgoingMail.Pending, 100, CancellationToken.None)).Count(m => m.To == user);
        var sent = (await SharedSmtp4dev.MessagesAsync(server, user)).Count;
        Assert.Equal(5, pending + sent);
        var queued = (await MailQueueDrain.Queue(app).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        Assert.True(queued >= pending, $"{pending} pending mails but {queued} queue messages");
    }

    [Fact]
    public async Task The_inbound_endpoint_takes_raw_mail_and_checks_the_optional_signature()
    {
        const string key = "inbound-test-signing-key";
        var (app, _) = await StartAsync(s => s["ServiceDesk:Mail:InboundSigningKey"] = key);
        await using var __ = app;
        var raw = MailTestApp.Mail("Carl <carl@contoso.se>", "Inbound over HTTP", $"{Guid.NewGuid():N}@contoso.se", "Hej");
        var signature = "sha256=" + Convert.ToHexString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), raw)).ToLowerInvariant();
        var api = app.Get<InboundEmailApi>();

        var wrongType = await app.SendAsync(r => api.Run(r, null!), "POST", "/api/inbound/email", raw, contentType: "text/plain",
            headers: new Dictionary<string, string> { [InboundEmailApi.SignatureHeader] = signature });
        var unsigned = await app.SendAsync(r => api.Run(r, null!), "POST", "/api/inbound/email", raw, contentType: "message/rfc822");
        var signed = await app.SendAsync(r => api.Run(r, null!), "POST", "/api/inbound/email", raw, contentType: "message/rfc822",
            headers: new Dictionary<string, string> { [InboundEmailApi.SignatureHeader] = signature });
        var again = await app.SendAsync(r => api.Run(r, null!), "POST", "/api/inbound/email", raw, contentType: "message/rfc822",
            headers: new Dictionary<string, string> { [InboundEmailApi.SignatureHeader] = signature });

        Assert.Equal((415, 401), (wrongType.Status, unsigned.Status));
        Assert.Equal(202, signed.Status);
        Assert.Equal(("created", "new:no-match"), (signed.Get("action"), signed.Get("reason")));
        Assert.StartsWith("INC-", signed.Get("ticketNumber"));
        Assert.Equal((202, "ignored", "duplicate"), (again.Status, again.Get("action"), again.Get("reason")));
    }
}
