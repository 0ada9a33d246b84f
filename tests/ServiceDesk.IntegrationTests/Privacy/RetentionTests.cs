using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ServiceDesk.Application.Privacy;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Functions.Operations;
using ServiceDesk.Functions.ProblemManagement;
using ServiceDesk.Infrastructure.Problems;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Privacy;

/// <summary>
/// Retention on Azurite with a fake clock: Anna's tickets closed at different times, one resolved and reopened, one open.
/// At closedAt + 24 months exactly the expired closed ticket is pseudonymised (her name and address gone from its rows,
/// still on the others), the statistics answer the same, the raw mail and upload deadlines (6 months) delete the files of
/// the closed tickets only, the audit counts match, a second run changes nothing and a run costs the same whatever the
/// number of tickets not yet due.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime
{
    private const string Name = "Anna Andersson";
    private const string Email = "anna.andersson@contoso.se";

    private static readonly DateTimeOffset Start = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private TestApp _app = null!;
    private Api _api = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(
            s => s["ServiceDesk:Workflows:LinkSigningKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("retention-tests-link-signing-key-0123456789")),
            services => services.AddSingleton<TimeProvider>(_clock));
        _api = new Api(_app);
        await _app.SeedCustomerAsync("contoso");
    }

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    /// <summary>Tokens are validated against the real clock, so they are issued on it (the fake clock is years ahead).</summary>
    private async Task<string> TokenAsync(object claims)
    {
        var issuer = ActivatorUtilities.CreateInstance<DevTokenApi>(_app.Services, TimeProvider.System);
        var response = await _app.SendAsync(r => issuer.Run(r), "POST", "/api/dev/token", claims);
        Assert.True(response.Status == 200, response.ToString());
        return response.Get("token");
    }

    private Task<string> AgentAsync() => TokenAsync(new { userId = "a-erik", name = "Erik Agent", email = "erik@supplier.se", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });

    private Task<string> AnnaAsync() => TokenAsync(new { userId = "u-anna", name = Name, email = Email, customerId = "contoso", roles = new[] { "EndUser" } });

    private async Task<string> OpenAsync(string title)
    {
        var created = await _api.Create(await AnnaAsync(), new { kind = "Incident", title, description = $"Hälsningar {Name}, {Email}", impact = "Low", urgency = "Low", category = "Hardware" });
        Assert.True(created.Status == 201, created.ToString());
        var number = created.Get("number");
        Assert.Equal(200, (await _api.Comment(await AgentAsync(), number, $"Hej {Name}, vi tittar på det.")).Status);
        var anna = new Caller("u-anna", Name, Email, "contoso", new HashSet<Role> { Role.EndUser }, []);
        await _app.Get<TicketCommands>().AttachAsync(anna, number, _app.Get<ITicketAttachmentStore>(),
            new TicketAttachment("skarm.txt", "text/plain", Encoding.UTF8.GetBytes("skärmdump")), CancellationToken.None);
        return number;
    }

    private async Task<string> ClosedAsync(string title)
    {
        var number = await OpenAsync(title);
        await _api.Step(await AgentAsync(), number, "resolve", new { resolutionCode = "Solved", resolutionNotes = $"Klart, {Name}." });
        await _api.Step(await AnnaAsync(), number, "close");
        return number;
    }

    /// <summary>Every string of the ticket's rows: its partition of Tickets and its rows of the customer's TicketIndex.</summary>
    private async Task<string> TicketTextAsync(string number)
    {
        var service = new TableServiceClient(_app.ConnectionString);
        var text = new StringBuilder();
        await foreach (var row in service.GetTableClient(_app.TablePrefix + "Tickets").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {number}")))
        {
            text.AppendJoin("\n", ((IDictionary<string, object>)row).Values.OfType<string>()).Append('\n');
        }
        await foreach (var row in service.GetTableClient(_app.TablePrefix + "TicketIndex").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"contoso"}")))
        {
            if (row.RowKey.EndsWith("|" + number, StringComparison.Ordinal))
            {
                text.AppendJoin("\n", ((IDictionary<string, object>)row).Values.OfType<string>()).Append('\n');
            }
        }
        return text.ToString();
    }

    private async Task<int> UploadsAsync(string number)
    {
        var container = new BlobServiceClient(_app.ConnectionString).GetBlobContainerClient(_app.TablePrefix.ToLowerInvariant() + "attachments");
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, number + "/", CancellationToken.None))
        {
            count++;
        }
        return count;
    }

    private async Task<string> StatsAsync() =>
        (await _app.SendAsync(r => _app.Get<StatisticsApi>().Get(r), "GET", "/api/stats?customerId=contoso&from=2020-01-01&to=2030-01-01&dimension=category", token: await AgentAsync())).Body;

    [Fact]
    public async Task Retention_pseudonymises_exactly_the_expired_closed_tickets_and_deletes_their_files()
    {
        var expired = await ClosedAsync("Skrivaren");                 // closed at Start: due Start + 24 months
        _clock.Advance(TimeSpan.FromDays(92));
        var closedLater = await ClosedAsync("Skärmen");               // closed 3 months later: not yet due at Start + 25 months
        var reopened = await OpenAsync("Nätverket");
        await _api.Step(await AgentAsync(), reopened, "resolve", new { resolutionCode = "Solved", resolutionNotes = "Klart." });
        await _api.Step(await AnnaAsync(), reopened, "reopen", new { reason = "Det fungerar inte igen." });
        var open = await OpenAsync("Telefonen");
        // A due row for a ticket that is not closed (as a reopen would leave): the job must skip it and drop it.
        var stored = await _app.Get<ITicketStore>().FindAsync(reopened, CancellationToken.None);
        await _app.Get<IRetentionIndex>().AddAsync(new RetentionDue(Start.AddDays(1), RetentionKind.Ticket, "contoso", reopened, Start), CancellationToken.None);
        await _app.Get<StatisticsUpdater>().RunAsync(CancellationToken.None);
        var stats = await StatsAsync();
        foreach (var number in new[] { expired, closedLater, reopened, open })
        {
            Assert.Contains(Name, await TicketTextAsync(number));
            Assert.Equal(1, await UploadsAsync(number));
        }

        _clock.SetUtcNow(Start.AddMonths(25));
        var result = await _app.Get<RetentionJob>().RunAsync(CancellationToken.None);

        Assert.Equal(1, result.TicketsPseudonymised);
        Assert.Equal(2, result.MailTickets);           // raw mail deadlines (closedAt + 6 months) of both closed tickets
        Assert.Equal(1, result.Stale);
        Assert.Equal(4, result.Due);
        var pseudonymised = await TicketTextAsync(expired);
        Assert.DoesNotContain(Name, pseudonymised);
        Assert.DoesNotContain(Email, pseudonymised, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("person-", pseudonymised);
        Assert.Contains("@pseudonymised.invalid", pseudonymised);
        foreach (var number in new[] { closedLater, reopened, open })
        {
            Assert.Contains(Name, await TicketTextAsync(number));
        }
        // The ticket keeps its number, status, timings and version; the statistics answer the same.
        var after = await _app.Get<ITicketStore>().FindAsync(expired, CancellationToken.None);
        Assert.Equal(Domain.Tickets.TicketStatus.Closed, after!.State.Status);
        Assert.Equal(Start, after.State.ClosedAt);
        Assert.Equal(stats, await StatsAsync());
        // Files: gone on the two closed tickets, kept on the others.
        Assert.Equal(0, await UploadsAsync(expired));
        Assert.Equal(0, await UploadsAsync(closedLater));
        Assert.Equal(1, await UploadsAsync(reopened));
        Assert.Equal(1, await UploadsAsync(open));
        Assert.Equal(stored!.State.Version, (await _app.Get<ITicketStore>().FindAsync(reopened, CancellationToken.None))!.State.Version);

        // One audit entry for the run, counts only.
        var audit = (await _app.Get<IPrivacyAudit>().ListAsync("contoso", 50, null, CancellationToken.None)).Items;
        var entry = Assert.Single(audit);
        Assert.Equal(RetentionJob.AuditAction, entry.Action);
        Assert.Equal(1, entry.Counts["retention:tickets"].Matched);
        Assert.Equal(2, entry.Counts["retention:mail"].Matched);
        Assert.Equal(2, entry.Counts["retention:mail"].Deleted);
        Assert.Equal(1, entry.Counts["retention:stale"].Deleted);
        Assert.DoesNotContain(Name, string.Join(' ', entry.Counts.Keys) + entry.Subject + entry.ActorId);

        // A second run finds nothing due and changes nothing.
        var rowsBefore = await TicketTextAsync(expired);
        var counter = _app.Get<StorageRequestCounter>();
        var before = counter.Count;
        var again = await _app.Get<RetentionJob>().RunAsync(CancellationToken.None);
        var quietRun = counter.Count - before;
        Assert.Equal(new RetentionJob.Result(0, 0, 0, 0, 0, 0, 0), again);
        Assert.Equal(rowsBefore, await TicketTextAsync(expired));
        Assert.Single((await _app.Get<IPrivacyAudit>().ListAsync("contoso", 50, null, CancellationToken.None)).Items);

        // Ten more closed tickets, none due yet: a run still costs what it did (it reads only the due range).
        for (var i = 0; i < 10; i++)
        {
            await ClosedAsync("Fler " + i);
        }
        before = counter.Count;
        Assert.Equal(0, (await _app.Get<RetentionJob>().RunAsync(CancellationToken.None)).Due);
        Assert.Equal(quietRun, counter.Count - before);

        // When their time comes, the closed-later ticket goes too.
        _clock.SetUtcNow(Start.AddMonths(28));
        var later = await _app.Get<RetentionJob>().RunAsync(CancellationToken.None);
        Assert.Equal(1, later.TicketsPseudonymised);
        Assert.DoesNotContain(Name, await TicketTextAsync(closedLater));
        Assert.Contains(Name, await TicketTextAsync(reopened));
    }

    private async Task<int> RawMailsAsync()
    {
        var container = new BlobServiceClient(_app.ConnectionString).GetBlobContainerClient(_app.TablePrefix.ToLowerInvariant() + "mail");
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "raw/", CancellationToken.None))
        {
            count++;
        }
        return count;
    }

    private static byte[] Mail(string id) => Encoding.UTF8.GetBytes(
        $"From: {Name} <{Email}>\r\nTo: support@servicedesk.local\r\nSubject: Datorn startar inte {id}\r\n" +
        $"Date: Tue, 4 Mar 2025 08:00:00 +0000\r\nMessage-ID: <{id}@contoso.se>\r\nMIME-Version: 1.0\r\n" +
        $"Content-Type: text/plain; charset=utf-8\r\n\r\nDen blinkar bara.\r\nHälsningar\r\n{Name}\r\n");

    [Fact]
    public async Task The_raw_mails_of_a_closed_ticket_go_after_their_period_and_those_of_an_open_one_stay()
    {
        var closed = await _app.Get<ServiceDesk.Application.Mail.MailIngestion>().IngestAsync(Mail("m-closed"), "test", CancellationToken.None);
        var open = await _app.Get<ServiceDesk.Application.Mail.MailIngestion>().IngestAsync(Mail("m-open"), "test", CancellationToken.None);
        Assert.Equal("created", closed.Action);
        Assert.Equal("created", open.Action);
        Assert.Equal(2, await RawMailsAsync());
        var agent = await AgentAsync();
        await _api.Step(agent, closed.TicketNumber!, "resolve", new { resolutionCode = "Solved", resolutionNotes = "Klart." });
        await _api.Step(agent, closed.TicketNumber!, "close");

        _clock.SetUtcNow(Start.AddMonths(6).AddDays(-1));
        Assert.Equal(0, (await _app.Get<RetentionJob>().RunAsync(CancellationToken.None)).MailTickets);
        Assert.Equal(2, await RawMailsAsync());
        _clock.SetUtcNow(Start.AddMonths(6).AddDays(1));
        var result = await _app.Get<RetentionJob>().RunAsync(CancellationToken.None);
        Assert.Equal(1, result.MailTickets);
        Assert.Equal(1, result.BlobsDeleted);
        Assert.Equal(1, await RawMailsAsync());
        // The ticket itself is kept (24 months): only its raw mail went.
        Assert.Contains(Name, await TicketTextAsync(closed.TicketNumber!));
    }

    [Fact]
    public async Task A_run_that_dies_midway_is_finished_by_the_next_run()
    {
        var first = await ClosedAsync("Skrivaren");
        var second = await ClosedAsync("Skärmen");
        _clock.SetUtcNow(Start.AddMonths(25));
        // The host "dies" after a few writes: every storage request of the retention store fails from then on.
        var failing = new ErasureTests.FailAfterWrites(3);
        var options = new TableClientOptions();
        options.AddPolicy(failing, Azure.Core.HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(failing, Azure.Core.HttpPipelinePosition.PerRetry);
        var dying = new ServiceDesk.Infrastructure.Privacy.StorageErasure(new TableServiceClient(_app.ConnectionString, options),
            new BlobServiceClient(_app.ConnectionString, blobOptions), _app.Get<Microsoft.Extensions.Options.IOptions<StorageOptions>>())
        {
            Pseudonyms = _app.Get<Pseudonyms>(),
        };
        var job = new RetentionJob(_app.Get<IRetentionIndex>(), dying, _app.Get<ITicketStore>(), _app.Get<ServiceDesk.Application.Customers.ICustomerDirectory>(),
            _app.Get<IPrivacyAudit>(), _clock);
        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() => job.RunAsync(CancellationToken.None));

        var resumed = await _app.Get<RetentionJob>().RunAsync(CancellationToken.None);
        Assert.True(resumed.Due > 0);
        foreach (var number in new[] { first, second })
        {
            var text = await TicketTextAsync(number);
            Assert.DoesNotContain(Name, text);
            Assert.DoesNotContain(Email, text, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(0, await UploadsAsync(number));
        }
        Assert.Equal(0, (await _app.Get<RetentionJob>().RunAsync(CancellationToken.None)).Due);
    }

    [Fact]
    public async Task A_customer_period_moves_the_deadline_and_is_validated()
    {
        var admin = await TokenAsync(new { userId = "admin", name = "Admin", email = "admin@supplier.se", customerId = "supplier", roles = new[] { "Admin" } });
        var bad = await _api.PutCustomer(admin, "contoso", new { name = "Contoso", retention = new { closedTicketMonths = 0, rawMailMonths = 121 } });
        Assert.Equal(400, bad.Status);
        Assert.Contains("retention.closedTicketMonths", bad.Body);
        Assert.Contains("retention.rawMailMonths", bad.Body);
        var ok = await _api.PutCustomer(admin, "contoso", new { name = "Contoso", retention = new { closedTicketMonths = 12 } });
        Assert.True(ok.Status == 200, ok.ToString());

        var number = await ClosedAsync("Skrivaren");
        _clock.SetUtcNow(Start.AddMonths(12).AddDays(1));
        var result = await _app.Get<RetentionJob>().RunAsync(CancellationToken.None);
        Assert.Equal(1, result.TicketsPseudonymised);
        Assert.DoesNotContain(Name, await TicketTextAsync(number));

        // Lengthened after a ticket closed: its row comes due early and is moved to the new deadline, nothing changed.
        var second = await ClosedAsync("Skärmen");
        var lengthen = await _api.PutCustomer(admin, "contoso", new { name = "Contoso", retention = new { closedTicketMonths = 36 } });
        Assert.Equal(200, lengthen.Status);
        _clock.SetUtcNow(Start.AddMonths(26));
        var postponed = await _app.Get<RetentionJob>().RunAsync(CancellationToken.None);
        Assert.Equal(1, postponed.Postponed);
        Assert.Equal(0, postponed.TicketsPseudonymised);
        Assert.Contains(Name, await TicketTextAsync(second));
    }
}
