using System.Text;
using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Functions.Mail;
using ServiceDesk.Infrastructure.Mail;
using ServiceDesk.IntegrationTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.IntegrationTests.Mail;

/// <summary>
/// A delivery that fails after its Message-ID was claimed is processed again by the next delivery, never answered as a
/// duplicate; a mail busy elsewhere is "retry later"; mail refused for good is recorded with its raw blob and redriven.
/// </summary>
public sealed class MailDeliveryFailureTests(ITestOutputHelper output)
{
    /// <summary>Runs <see cref="BeforeSaveRaw"/> before the real upload of a raw message (to fail or stall a delivery there).</summary>
    private sealed class HookedBlobStore(BlobMailStore inner) : IMailBlobStore
    {
        public Func<Task>? BeforeSaveRaw { get; set; }

        /// <summary>Raw messages whose Message-ID contains this fail to upload, <see cref="FailuresLeft"/> times.</summary>
        public string? FailFor { get; set; }
        public int FailuresLeft { get; set; }

        public async Task<string> SaveRawAsync(string id, byte[] raw, CancellationToken ct)
        {
            if (FailFor is { } part && id.Contains(part, StringComparison.Ordinal) && FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("simulated defect for " + part);
            }
            if (BeforeSaveRaw is { } hook)
            {
                BeforeSaveRaw = null;
                await hook();
            }
            return await inner.SaveRawAsync(id, raw, ct);
        }

        public Task<byte[]?> ReadRawAsync(string blobName, CancellationToken ct) => inner.ReadRawAsync(blobName, ct);

        public Task<string> SaveAttachmentAsync(string ticketNumber, string mailKey, int index, InboundAttachment attachment, CancellationToken ct) =>
            inner.SaveAttachmentAsync(ticketNumber, mailKey, index, attachment, ct);
    }

    private static async Task<(TestApp App, HookedBlobStore Blobs)> StartAsync(Action<Dictionary<string, string?>>? configure = null, AzuriteProcess? azurite = null)
    {
        var app = await TestApp.StartAsync(configure, services =>
        {
            services.AddSingleton<BlobMailStore>();
            services.AddSingleton<HookedBlobStore>();
            services.AddSingleton<IMailBlobStore>(sp => sp.GetRequiredService<HookedBlobStore>());
        }, azurite);
        await app.SeedCustomerAsync("contoso");
        return (app, app.Get<HookedBlobStore>());
    }

    private static Task<ApiResponse> PostAsync(TestApp app, byte[] raw) =>
        app.SendAsync(r => app.Get<InboundEmailApi>().Run(r, null!), "POST", "/api/inbound/email", raw, contentType: "message/rfc822");

    private static byte[] Mail(string messageId, string subject = "Skrivaren är trasig") =>
        MailTestApp.Mail("Anna Svensson <anna@contoso.se>", subject, messageId, "Den skriver inte ut.");

    [Fact]
    public async Task A_storage_outage_between_claim_and_ticket_answers_503_and_the_retry_makes_one_ticket()
    {
        var folder = Path.Combine(Path.GetTempPath(), "servicedesk-outage-" + Guid.NewGuid().ToString("N"));
        var azurite = await AzuriteProcess.StartAsync(folder);
        var (blobPort, queuePort, tablePort) = (azurite.BlobPort, azurite.QueuePort, azurite.TablePort);
        var (app, blobs) = await StartAsync(s => s["ServiceDesk:Mail:ClaimLeaseSeconds"] = "2", azurite);
        await using var _ = app;
        try
        {
            var raw = Mail($"outage-{Guid.NewGuid():N}@contoso.se");
            // The claim is written; then storage goes away (SIGTERM: Azurite saves what it acknowledged) before the raw
            // blob and the ticket are written. Releasing the claim fails too: it expires after the 2 s lease.
            var stopped = TimeSpan.Zero;
            blobs.BeforeSaveRaw = async () =>
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                await azurite.TerminateAsync();
                stopped = watch.Elapsed;
            };

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var during = await PostAsync(app, raw);
            output.WriteLine($"503 after {clock.Elapsed.TotalSeconds:0.0} s, of which stopping Azurite {stopped.TotalSeconds:0.0} s");

            Assert.Equal(503, during.Status);
            Assert.StartsWith("application/problem+json", during.ContentType);
            Assert.True(during.Headers.ContainsKey("Retry-After"), during.ToString());
            await azurite.DisposeAsync();
            azurite = await AzuriteProcess.StartAsync(folder, blobPort, queuePort, tablePort);
            await Task.Delay(TimeSpan.FromSeconds(2.5));

            var retry = await PostAsync(app, raw);
            output.WriteLine("retry: " + retry);
            var again = await PostAsync(app, raw);

            Assert.Equal((202, "created"), (retry.Status, retry.Get("action")));
            var number = retry.Get("ticketNumber");
            Assert.Equal((202, "ignored", "duplicate", number), (again.Status, again.Get("action"), again.Get("reason"), again.Get("ticketNumber")));
            var ticket = await app.Get<ITicketStore>().FindAsync(number, CancellationToken.None);
            Assert.Equal("Skrivaren är trasig", ticket!.State.Title);
            var record = await app.Get<IMailStore>().FindInboundAsync(retry.Get("messageId"), CancellationToken.None);
            Assert.Equal((true, 2, "created"), (record!.Completed, record.Attempts, record.Action));
            Assert.NotNull(record.RawBlob);
        }
        finally
        {
            await azurite.DisposeAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_failure_after_the_claim_releases_it_so_the_next_delivery_is_processed_at_once()
    {
        var (app, blobs) = await StartAsync();
        await using var _ = app;
        var raw = Mail($"fail-{Guid.NewGuid():N}@contoso.se");
        blobs.BeforeSaveRaw = () => throw new InvalidOperationException("simulated defect between claim and ticket");

        var failed = await PostAsync(app, raw);
        var listed = (await app.Get<IMailStore>().ListInboundAsync(MailAdministration.Failed, 100, null, CancellationToken.None)).Items;
        var retry = await PostAsync(app, raw);

        Assert.Equal(500, failed.Status);
        Assert.StartsWith("application/problem+json", failed.ContentType);
        var record = Assert.Single(listed, r => r.Subject == "Skrivaren är trasig");
        Assert.Contains("simulated defect", record.LastError);
        Assert.Equal((202, "created"), (retry.Status, retry.Get("action")));
    }

    [Fact]
    public async Task A_second_delivery_while_the_first_is_processed_is_told_to_retry_not_that_it_is_a_duplicate()
    {
        var (app, blobs) = await StartAsync();
        await using var _ = app;
        var raw = Mail($"busy-{Guid.NewGuid():N}@contoso.se");
        var entered = new TaskCompletionSource();
        var proceed = new TaskCompletionSource();
        blobs.BeforeSaveRaw = async () =>
        {
            entered.SetResult();
            await proceed.Task;
        };

        var first = PostAsync(app, raw);
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await PostAsync(app, raw);
        proceed.SetResult();
        var done = await first;
        var third = await PostAsync(app, raw);

        Assert.Equal(503, second.Status);
        Assert.Equal("mail.in-progress", second.Get("code"));
        Assert.True(int.Parse(second.Headers["Retry-After"].ToString()) is >= 1 and <= 120, second.ToString());
        Assert.Equal((202, "created"), (done.Status, done.Get("action")));
        Assert.Equal((202, "ignored", "duplicate"), (third.Status, third.Get("action"), third.Get("reason")));
    }

    [Fact]
    public async Task Mail_refused_for_good_is_recorded_with_its_raw_blob_and_an_admin_redrives_it()
    {
        var (app, _) = await StartAsync();
        await using var __ = app;
        var admin = await app.TokenAsync(new { userId = "admin", name = "Admin", customerId = "supplier", roles = new[] { "Admin" } });
        var agent = await app.TokenAsync(new { userId = "a-erik", name = "Erik", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });
        var api = app.Get<MailAdminApi>();
        var stranger = MailTestApp.Mail("Olle <olle@fabrikam.se>", "Hjälp med VPN", $"stranger-{Guid.NewGuid():N}@fabrikam.se", "VPN fungerar inte.");
        var junk = Encoding.UTF8.GetBytes("this is not a mail at all\r\n\r\njust text");

        var rejected = await PostAsync(app, stranger);
        var unreadable = await PostAsync(app, junk);
        var unreadableAgain = await PostAsync(app, junk);

        Assert.Equal((202, "rejected", "unknown-sender-domain"), (rejected.Status, rejected.Get("action"), rejected.Get("reason")));
        Assert.Equal((202, "rejected"), (unreadable.Status, unreadable.Get("action")));
        Assert.Equal(("ignored", "duplicate"), (unreadableAgain.Get("action"), unreadableAgain.Get("reason")));
        var junkRecord = await app.Get<IMailStore>().FindInboundAsync(unreadable.Get("messageId"), CancellationToken.None);
        Assert.Equal(junk, await app.Get<IMailBlobStore>().ReadRawAsync(junkRecord!.RawBlob!, CancellationToken.None));

        // The customer registers the domain; the operator redrives the mail.
        await app.Get<ServiceDesk.Application.Customers.ICustomerDirectory>().UpsertAsync(
            new Customer("fabrikam", "Fabrikam", ["fabrikam.se"], Language.Sv, false), CancellationToken.None);
        var body = new { messageId = rejected.Get("messageId") };
        var byAgent = await app.SendAsync(r => api.Redrive(r, null!), "POST", "/api/mail/inbound/redrive", body, agent);
        var redriven = await app.SendAsync(r => api.Redrive(r, null!), "POST", "/api/mail/inbound/redrive", body, admin);
        var twice = await app.SendAsync(r => api.Redrive(r, null!), "POST", "/api/mail/inbound/redrive", body, admin);
        var missing = await app.SendAsync(r => api.Redrive(r, null!), "POST", "/api/mail/inbound/redrive", new { messageId = "nope@x" }, admin);
        var empty = await app.SendAsync(r => api.Redrive(r, null!), "POST", "/api/mail/inbound/redrive", new { }, admin);

        Assert.Equal(403, byAgent.Status);
        Assert.Equal((200, "created"), (redriven.Status, redriven.Get("action")));
        Assert.Equal((409, "mail.not-rejected"), (twice.Status, twice.Get("code")));
        Assert.Equal((404, 400), (missing.Status, empty.Status));
        var record = await app.Get<IMailStore>().FindInboundAsync(rejected.Get("messageId"), CancellationToken.None);
        Assert.Equal(("created", "redrive", redriven.Get("ticketNumber")), (record!.Action, record.Transport, record.TicketNumber));
    }

    [Fact]
    public async Task The_IMAP_poller_keeps_a_failing_mail_unseen_for_the_next_poll_and_records_it_for_the_operator_after_its_attempts()
    {
        var server = await SharedSmtp4dev.GetAsync();
        var (app, blobs) = await StartAsync(s =>
        {
            s["ServiceDesk:Mail:Imap:Host"] = "127.0.0.1";
            s["ServiceDesk:Mail:Imap:Port"] = server.ImapPort.ToString();
            s["ServiceDesk:Mail:Imap:Security"] = "None";
            s["ServiceDesk:Mail:Imap:MaxAttempts"] = "2";
        });
        await using var _ = app;
        var part = Guid.NewGuid().ToString("N");
        var messageId = $"poison-{part}@contoso.se";
        blobs.FailFor = part;
        blobs.FailuresLeft = 2;
        using (var smtp = new MailKit.Net.Smtp.SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", server.SmtpPort, MailKit.Security.SecureSocketOptions.None);
            await smtp.SendAsync(MimeKit.MimeMessage.Load(new MemoryStream(Mail(messageId, "Poison " + part))));
            await smtp.DisconnectAsync(true);
        }
        var poller = app.Get<MailboxPolling>();
        var store = app.Get<IMailStore>();

        await poller.RunAsync(CancellationToken.None);
        var afterFirst = await store.FindInboundAsync(messageId, CancellationToken.None);
        await poller.RunAsync(CancellationToken.None);
        var afterSecond = await store.FindInboundAsync(messageId, CancellationToken.None);
        await poller.RunAsync(CancellationToken.None);
        var afterThird = await store.FindInboundAsync(messageId, CancellationToken.None);

        Assert.Equal((false, true, 1), (afterFirst!.Completed, afterFirst.Failed, afterFirst.Attempts));
        Assert.Equal((true, "rejected", "failed-after-2-attempts"), (afterSecond!.Completed, afterSecond.Action, afterSecond.Reason));
        Assert.NotNull(afterSecond.RawBlob);
        Assert.Equal(afterSecond, afterThird); // moved past it: not tried again
        Assert.False(await SeenAsync(server, messageId), "a mail that was not processed must not be flagged \\Seen");

        var redriven = await app.Get<MailIngestion>().RedriveAsync(messageId, null, CancellationToken.None);
        Assert.Equal(("created", "Poison " + part), (redriven.Action, (await app.Get<ITicketStore>().FindAsync(redriven.TicketNumber!, CancellationToken.None))!.State.Title));
    }

    private static async Task<bool> SeenAsync(Smtp4devProcess server, string messageId)
    {
        using var imap = new MailKit.Net.Imap.ImapClient();
        await imap.ConnectAsync("127.0.0.1", server.ImapPort, MailKit.Security.SecureSocketOptions.None);
        await imap.AuthenticateAsync("servicedesk", "servicedesk");
        await imap.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly);
        // smtp4dev's IMAP does not search headers: read every envelope.
        var all = await imap.Inbox.FetchAsync(0, -1, new MailKit.FetchRequest(MailKit.MessageSummaryItems.Flags | MailKit.MessageSummaryItems.Envelope));
        var summary = Assert.Single(all, m => m.Envelope?.MessageId == messageId);
        await imap.DisconnectAsync(true);
        return summary.Flags!.Value.HasFlag(MailKit.MessageFlags.Seen);
    }

    [Fact]
    public async Task An_Outlook_mail_in_windows_1252_with_curly_quotes_and_a_euro_sign_becomes_a_ticket()
    {
        var (app, _) = await StartAsync();
        await using var __ = app;
        var cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        var head = Encoding.ASCII.GetBytes(
            "From: =?windows-1252?Q?Bj=F6rn_=C5berg?= <bjorn@contoso.se>\r\nTo: support@servicedesk.local\r\n" +
            "Subject: =?windows-1252?Q?Licens_=93Office=94_=96_kostar_10_=80?=\r\n" +
            $"Message-ID: <{Guid.NewGuid():N}@contoso.se>\r\nX-Mailer: Microsoft Outlook 16.0\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=\"windows-1252\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        var raw = head.Concat(cp1252.GetBytes("Hej! Jag får felet “Licensen har gått ut” – förnyelsen kostar 10 €.\r\n")).ToArray();

        var response = await PostAsync(app, raw);

        Assert.Equal((202, "created"), (response.Status, response.Get("action")));
        var ticket = (await app.Get<ITicketStore>().FindAsync(response.Get("ticketNumber"), CancellationToken.None))!.State;
        Assert.Equal("Licens “Office” – kostar 10 €", ticket.Title);
        Assert.Contains("Jag får felet “Licensen har gått ut” – förnyelsen kostar 10 €.", ticket.Description);
        Assert.Equal("Björn Åberg", ticket.Requester.Name);
    }
}
