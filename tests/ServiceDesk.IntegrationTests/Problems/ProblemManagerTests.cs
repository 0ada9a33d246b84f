using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Problems;
using ServiceDesk.Functions.ProblemManagement;
using ServiceDesk.Functions.Staff;
using ServiceDesk.Infrastructure.Problems;
using ServiceDesk.IntegrationTests.Infrastructure;
using ServiceDesk.IntegrationTests.Mail;

namespace ServiceDesk.IntegrationTests.Problems;

/// <summary>
/// The ProblemManager role on Azurite (and a real smtp4dev): problem managers of the staff directory get a candidate's
/// announcement in their own language when they serve its customer, once; a ProblemManager token works the candidates,
/// problem records and statistics like an agent, but is no agent for tickets.
/// </summary>
[Collection(MailQueueDrain.Collection)]
public sealed class ProblemManagerTests
{
    [Fact]
    public async Task Problem_managers_serving_the_customer_get_one_mail_each_in_their_language_and_others_none()
    {
        var server = await SharedSmtp4dev.GetAsync();
        var tag = Guid.NewGuid().ToString("N")[..10];
        var list = $"pm-list.{tag}@supplier.se";
        string Address(string who) => $"{who}.{tag}@supplier.se";
        await using var app = await MailTestApp.StartAsync(s =>
        {
            s["ServiceDesk:Mail:Smtp:Host"] = "127.0.0.1";
            s["ServiceDesk:Mail:Smtp:Port"] = server.SmtpPort.ToString();
            s["ServiceDesk:Mail:Smtp:Security"] = "None";
            s["ServiceDesk:Problems:ManagerAddresses"] = list;
            s["ServiceDesk:Problems:PublicBaseUrl"] = "https://desk.example/";
        });
        await MailQueueDrain.Queue(app).CreateIfNotExistsAsync();
        await MailQueueDrain.Queue(app).ClearMessagesAsync();

        var admin = await app.TokenAsync(new { userId = "admin", name = "Admin", customerId = "supplier", roles = new[] { "Admin" } });
        async Task Staff(string userId, string language, string[] roles, string[] served)
        {
            var body = new { name = "Name " + userId, email = Address(userId), language, roles, servedCustomers = served };
            var put = await app.SendAsync(r => app.Get<StaffApi>().Put(r, userId), "PUT", "/api/staff/" + userId, body, admin);
            Assert.Equal(200, put.Status);
        }
        await Staff("pm-sv", "sv", ["ProblemManager"], ["contoso"]);
        await Staff("pm-en", "en", ["ProblemManager", "Agent"], ["fabrikam", "contoso"]);
        await Staff("pm-other", "sv", ["ProblemManager"], ["fabrikam"]);
        await Staff("agent-only", "sv", ["Agent"], ["*"]);

        var incidents = await ProblemScenarios.RepeatedFailuresAsync(app);
        var job = app.Get<ProblemDetectionJob>();
        Assert.Equal(1, (await job.RunAsync("contoso", null, CancellationToken.None)).Created);
        var candidate = Assert.Single((await app.Get<IProblemStore>().ListCandidatesAsync("contoso", CancellationToken.None)).Select(c => c.Value));
        Assert.NotNull(candidate.AnnouncedAt);

        // Detection again, and the announcer called again as a crashed run's retry would: nothing is mailed twice.
        await job.RunAsync("contoso", null, CancellationToken.None);
        foreach (var announcer in app.Get<IEnumerable<IProblemCandidateAnnouncer>>())
        {
            await announcer.AnnounceAsync(candidate, CancellationToken.None);
        }

        var expected = new[] { Address("pm-sv"), Address("pm-en"), list };
        var outcomes = await MailQueueDrain.RunAsync(app, async () =>
            (await Task.WhenAll(expected.Select(m => SharedSmtp4dev.MessagesAsync(server, m)))).All(l => l.Count >= 1)
            && (await MailQueueDrain.Queue(app).GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, TimeSpan.FromSeconds(20));
        Assert.Equal(3, outcomes.Count(o => o == MailSender.Outcome.Sent));
        Assert.DoesNotContain(MailSender.Outcome.Failed, outcomes);

        var swedish = Assert.Single(await SharedSmtp4dev.MessagesAsync(server, Address("pm-sv")));
        Assert.StartsWith("Problemkandidat contoso:", swedish.Subject);
        Assert.Contains("Regel: återkommande fel", swedish.TextBody);
        Assert.Contains($"https://desk.example/api/problems/candidates/{candidate.Id}", swedish.TextBody);
        Assert.All(incidents, n => Assert.Contains(n, swedish.TextBody));
        Assert.DoesNotContain("Rule:", swedish.TextBody);

        var english = Assert.Single(await SharedSmtp4dev.MessagesAsync(server, Address("pm-en")));
        Assert.StartsWith("Problem candidate contoso:", english.Subject);
        Assert.Contains("Rule: repeated failures", english.TextBody);
        Assert.DoesNotContain("Regel:", english.TextBody);

        var bilingual = Assert.Single(await SharedSmtp4dev.MessagesAsync(server, list));
        Assert.StartsWith("Problemkandidat / Problem candidate contoso:", bilingual.Subject);

        Assert.Empty(await SharedSmtp4dev.MessagesAsync(server, Address("pm-other")));
        Assert.Empty(await SharedSmtp4dev.MessagesAsync(server, Address("agent-only")));

        var rows = (await app.Get<IMailOutbox>().ListAsync(OutgoingMail.Sent, 1000, CancellationToken.None))
            .Where(m => m.TicketNumber == ProblemCandidateMail.OutboxPartition(candidate.Id)).ToList();
        Assert.Equal(expected.Order(), rows.Select(r => r.To).Order());
        Assert.Equal("Name pm-sv", rows.Single(r => r.To == Address("pm-sv")).ToName);
    }

    [Fact]
    public async Task A_problem_manager_token_lists_and_accepts_candidates_but_cannot_assign_tickets()
    {
        await using var app = await TestApp.StartAsync();
        await app.SeedCustomerAsync("contoso");
        await app.SeedCustomerAsync("fabrikam");
        var api = new Api(app);
        var incidents = await ProblemScenarios.RepeatedFailuresAsync(app);
        Assert.Equal(1, (await app.Get<ProblemDetectionJob>().RunAsync("contoso", null, CancellationToken.None)).Created);

        var pm = await app.TokenAsync(new { userId = "pm-petra", name = "Petra PM", customerId = "supplier", roles = new[] { "ProblemManager" }, servedCustomers = new[] { "contoso" } });
        var otherPm = await app.TokenAsync(new { userId = "pm-olle", name = "Olle PM", customerId = "supplier", roles = new[] { "ProblemManager" }, servedCustomers = new[] { "fabrikam" } });
        var candidates = app.Get<ProblemCandidatesApi>();

        var listed = await app.SendAsync(r => candidates.List(r), "GET", "/api/problems/candidates?customerId=contoso", token: pm);
        Assert.Equal(200, listed.Status);
        var id = Assert.Single(listed.Json.GetProperty("items").EnumerateArray()).GetProperty("id").GetString()!;
        Assert.Equal(404, (await app.SendAsync(r => candidates.List(r), "GET", "/api/problems/candidates?customerId=contoso", token: otherPm)).Status);
        Assert.Equal(404, (await app.SendAsync(r => candidates.Get(r, id), "GET", $"/api/problems/candidates/{id}", token: otherPm)).Status);

        var stats = await app.SendAsync(r => app.Get<StatisticsApi>().Get(r), "GET", "/api/stats?customerId=contoso&from=2020-01-01&to=2020-01-31", token: pm);
        Assert.Equal(200, stats.Status);

        // A ProblemManager-only token is no agent for tickets: it cannot see or assign one of the very incidents
        // (with the current ETag, so that only authorization can refuse it).
        var admin = await app.TokenAsync(new { userId = "admin", name = "Admin", customerId = "supplier", roles = new[] { "Admin" } });
        var etag = (await api.Get(admin, incidents[0])).ETag;
        var assign = await api.Transition(pm, incidents[0], "assign", new { group = "Service Desk L1", assigneeId = "pm-petra" }, etag);
        Assert.Equal(404, assign.Status);
        Assert.Equal(404, (await api.Get(pm, incidents[0])).Status);

        var accepted = await app.SendAsync(r => candidates.Accept(r, id), "POST", $"/api/problems/candidates/{id}/accept", new { }, pm);
        Assert.Equal(201, accepted.Status);
        Assert.Equal("accepted", accepted.Json.GetProperty("candidate").GetProperty("status").GetString());
        var prb = accepted.Json.GetProperty("problem").GetProperty("number").GetString()!;

        var record = await app.SendAsync(r => app.Get<ProblemsApi>().Get(r, prb), "GET", $"/api/problems/{prb}", token: pm);
        Assert.Equal(200, record.Status);
        Assert.Equal(incidents.Order(), record.Json.GetProperty("record").GetProperty("incidents").EnumerateArray().Select(i => i.GetString()!).Order());
        Assert.Equal(404, (await app.SendAsync(r => app.Get<ProblemsApi>().Get(r, prb), "GET", $"/api/problems/{prb}", token: otherPm)).Status);

        // Still no ticket rights after the accept (the accept pended nothing and assigned nothing).
        var incident = await api.Get(admin, incidents[0]);
        Assert.Equal(404, (await api.Transition(pm, incidents[0], "assign", new { group = "Service Desk L1", assigneeId = "pm-petra" }, incident.ETag)).Status);
        Assert.NotEqual("pm-petra", (await api.Get(admin, incidents[0])).Json.TryGetProperty("assigneeId", out var a) ? a.GetString() : null);
        // The same person with Agent in the token may assign it: the refusal above is the role, not the request.
        var pmAgent = await app.TokenAsync(new { userId = "pm-petra", name = "Petra PM", customerId = "supplier", roles = new[] { "ProblemManager", "Agent" }, servedCustomers = new[] { "contoso" } });
        Assert.Equal(200, (await api.Transition(pmAgent, incidents[0], "assign", new { group = "Service Desk L1", assigneeId = "pm-petra" }, incident.ETag)).Status);
    }
}
