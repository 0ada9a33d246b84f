using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Problems;
using ServiceDesk.Functions.ProblemManagement;
using ServiceDesk.Infrastructure.Problems;
using ServiceDesk.IntegrationTests.Infrastructure;
using ServiceDesk.IntegrationTests.Mail;

namespace ServiceDesk.IntegrationTests.Problems;

/// <summary>
/// A detected candidate is announced to the problem managers by mail through the email channel's outbox, on Azurite
/// and a real smtp4dev: exactly one mail per manager, however often detection runs and announces, with the evidence
/// and the link to the candidate.
/// </summary>
[Collection(MailQueueDrain.Collection)]
public sealed class ProblemAnnouncementTests
{
    [Fact]
    public async Task A_detected_candidate_is_mailed_once_to_each_problem_manager()
    {
        var server = await SharedSmtp4dev.GetAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var managers = new[] { $"pm1.{tag}@supplier.se", $"pm2.{tag}@supplier.se" };
        await using var app = await MailTestApp.StartAsync(s =>
        {
            s["ServiceDesk:Mail:Smtp:Host"] = "127.0.0.1";
            s["ServiceDesk:Mail:Smtp:Port"] = server.SmtpPort.ToString();
            s["ServiceDesk:Mail:Smtp:Security"] = "None";
            s["ServiceDesk:Problems:ManagerAddresses"] = string.Join(", ", managers);
            s["ServiceDesk:Problems:PublicBaseUrl"] = "https://desk.example/";
        });
        await MailQueueDrain.Queue(app).CreateIfNotExistsAsync();
        await MailQueueDrain.Queue(app).ClearMessagesAsync();
        var agent = await app.TokenAsync(new { userId = "a-erik", name = "Erik Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        var incidents = await ProblemScenarios.RepeatedFailuresAsync(app);

        var job = app.Get<ProblemDetectionJob>();
        Assert.Equal(1, (await job.RunAsync("contoso", null, CancellationToken.None)).Created);
        var candidate = Assert.Single((await app.Get<IProblemStore>().ListCandidatesAsync("contoso", CancellationToken.None)).Select(c => c.Value));
        Assert.NotNull(candidate.AnnouncedAt);

        // Detection again (nothing new), and the announcer called again as a crashed run's retry would: no second mail.
        await job.RunAsync("contoso", null, CancellationToken.None);
        foreach (var announcer in app.Get<IEnumerable<IProblemCandidateAnnouncer>>())
        {
            await announcer.AnnounceAsync(candidate, CancellationToken.None);
        }

        var outcomes = await MailQueueDrain.RunAsync(app, async () =>
            (await Task.WhenAll(managers.Select(m => SharedSmtp4dev.MessagesAsync(server, m)))).All(l => l.Count >= 1)
            && (await MailQueueDrain.Queue(app).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(20));
        Assert.Equal(2, outcomes.Count(o => o == MailSender.Outcome.Sent));
        Assert.DoesNotContain(MailSender.Outcome.Failed, outcomes);

        foreach (var manager in managers)
        {
            var mail = Assert.Single(await SharedSmtp4dev.MessagesAsync(server, manager));
            Assert.StartsWith("Problemkandidat / Problem candidate contoso:", mail.Subject);
            Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
            var body = mail.TextBody;
            Assert.Contains($"https://desk.example/api/problems/candidates/{candidate.Id}", body);
            Assert.Contains("Regel: återkommande fel", body);
            Assert.Contains("Rule: repeated failures", body);
            Assert.Contains($"Dimension: {candidate.Dimension} = {candidate.Value}", body);
            Assert.Contains("Window: ", body);
            Assert.Contains($"Evidence: {candidate.Members.Count} incidents; threshold {candidate.Threshold}", body);
            Assert.Contains("Top terms: ", body);
            Assert.All(incidents, n => Assert.Contains(n, body));
        }

        // Recorded in the outbox (not on a ticket: there is none), one row per manager.
        var rows = (await app.Get<IMailOutbox>().ListAsync(OutgoingMail.Sent, 1000, CancellationToken.None))
            .Where(m => m.TicketNumber == ProblemCandidateMail.OutboxPartition(candidate.Id)).ToList();
        Assert.Equal(managers.Order(), rows.Select(r => r.To).Order());
        Assert.All(rows, r => Assert.False(r.IsAboutTicket));

        // The API shows the same candidate the mail links to.
        var get = await app.SendAsync(r => app.Get<ProblemCandidatesApi>().Get(r, candidate.Id), "GET", $"/api/problems/candidates/{candidate.Id}", token: agent);
        Assert.Equal(200, get.Status);
        Assert.NotNull(get.Json.GetProperty("announcedAt").GetString());
    }

    [Fact]
    public async Task The_announcer_is_registered_with_mail_only_and_without_recipients_writes_nothing()
    {
        // With SMTP but no ManagerAddresses the staff directory's problem managers may still be recipients.
        await using var app = await MailTestApp.StartAsync(s => s["ServiceDesk:Mail:Smtp:Host"] = "127.0.0.1");
        var announcer = Assert.Single(app.Get<IEnumerable<IProblemCandidateAnnouncer>>());
        var now = DateTimeOffset.UtcNow;
        var candidate = Domain.Problems.ProblemCandidate.Propose("contoso.00000000abcd", "contoso",
            new Domain.Problems.ProblemFinding(Domain.Problems.DetectionRule.Volume, "service", "VPN", "volume|service|vpn",
                ["INC-000001", "INC-000002"], now.AddHours(-2), now, 2, 0.1, ["vpn"]), now);
        await announcer.AnnounceAsync(candidate, CancellationToken.None);
        Assert.DoesNotContain(await app.Get<IMailOutbox>().ListAsync(null, 1000, CancellationToken.None),
            m => m.TicketNumber == ProblemCandidateMail.OutboxPartition(candidate.Id));

        await using var withoutMail = await MailTestApp.StartAsync(s => s["ServiceDesk:Problems:ManagerAddresses"] = "pm@supplier.se");
        Assert.Empty(withoutMail.Get<IEnumerable<IProblemCandidateAnnouncer>>());
    }
}
