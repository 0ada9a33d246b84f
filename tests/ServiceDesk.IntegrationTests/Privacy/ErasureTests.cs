using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Privacy;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Workflows;
using ServiceDesk.Functions.Privacy;
using ServiceDesk.Functions.ProblemManagement;
using ServiceDesk.Infrastructure.Events;
using ServiceDesk.Infrastructure.Privacy;
using ServiceDesk.Infrastructure.Problems;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.IntegrationTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.IntegrationTests.Privacy;

/// <summary>
/// Erasure on its own Azurite (so "the whole account" is this test's data): Åsa Öberg of contoso opens tickets in the
/// portal, by phone (an agent on her behalf, with her phone number) and by mail with an attachment, is named in a
/// colleague's ticket and has a user record; fabrikam has a namesake. After the erasure job no table, blob or queue
/// holds her name, address or phone (the namesake's rows excepted), the statistics answer the same, and a job killed
/// midway and run again ends in exactly the state of an uninterrupted one.
/// </summary>
public sealed class ErasureTests : IAsyncLifetime
{
    private const string Name = "Åsa Öberg";
    private const string Email = "asa.oberg@contoso.se";
    private const string Phone = "+46 70 123 45 67";
    private const string PhoneDigits = "701234567";

    private AzuriteProcess _azurite = null!;
    private TestApp _app = null!;
    private string _officer = null!;
    private string _agent = null!;
    private string _namesakeTicket = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync();
        _app = await TestApp.StartAsync(
            s => s["ServiceDesk:Workflows:LinkSigningKey"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("privacy-tests-link-signing-key-0123456789")),
            azurite: _azurite);
        await SeedAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private async Task SeedAsync()
    {
        await _app.SeedCustomerAsync("contoso");
        await _app.SeedCustomerAsync("fabrikam");
        var api = new Api(_app);
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik Agent", email = "erik@supplier.se", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });
        _officer = await _app.TokenAsync(new { userId = "dpo-1", name = "Dora Dataskydd", email = "dpo@contoso.se", customerId = "contoso", roles = new[] { "PrivacyOfficer" } });
        var asa = await _app.TokenAsync(new { userId = "u-asa", name = Name, email = Email, customerId = "contoso", roles = new[] { "EndUser" } });
        var bertil = await _app.TokenAsync(new { userId = "u-bertil", name = "Bertil Berg", email = "bertil.berg@contoso.se", customerId = "contoso", roles = new[] { "EndUser" } });

        // Her user record.
        await _app.Get<ICatalogStore>().UpsertUserAsync(new CustomerUser("contoso", "u-asa", Name, Email, null, null, Language.Sv), CancellationToken.None);
        // Portal ticket, with her phone number in the text, and an agent's answer that greets her (a mail to her).
        var portal = await api.Create(asa, new { kind = "Incident", title = "Skrivaren skriver inte ut", description = $"Ring mig på {Phone} eller {Email}.", impact = "Medium", urgency = "High" });
        Assert.Equal(201, portal.Status);
        Assert.Equal(200, (await api.Comment(_agent, portal.Get("number"), $"Hej {Name}, vi tittar på det.")).Status);
        // A file she uploads to it (portal, API).
        var asaCaller = new Caller("u-asa", Name, Email, "contoso", new HashSet<Role> { Role.EndUser }, []);
        await _app.Get<TicketCommands>().AttachAsync(asaCaller, portal.Get("number"), _app.Get<ITicketAttachmentStore>(),
            new TicketAttachment("skarm.txt", "text/plain", Encoding.UTF8.GetBytes($"Skärmdump av {Name}, {Email}")), CancellationToken.None);
        // By phone: an agent on her behalf, with her phone number on the requester.
        var byPhone = await api.Create(_agent, Api.OnBehalf("contoso", "u-asa"));
        Assert.Equal(201, byPhone.Status);
        // A colleague's ticket that names her, and an agent's internal note about her.
        var colleague = await api.Create(bertil, new { kind = "Incident", title = $"Dela mappen med {Name}", description = "Hon behöver läsrätt.", impact = "Low", urgency = "Low" });
        Assert.Equal(201, colleague.Status);
        Assert.Equal(200, (await api.Comment(_agent, colleague.Get("number"), $"Frågat {Email} om hon fortfarande behöver det.", "internal")).Status);
        // A colleague's own ticket that has nothing to do with her.
        Assert.Equal(201, (await api.Create(bertil, new { kind = "Incident", title = "Min skärm flimrar", description = "Sedan i går.", impact = "Low", urgency = "Low" })).Status);
        // By mail, with an attachment.
        var mail = await _app.Get<MailIngestion>().IngestAsync(MailWithAttachment(), "test", CancellationToken.None);
        Assert.Equal("created", mail.Action);
        // Fabrikam's namesake: another person, untouched.
        var namesake = await api.Create(_agent, new
        {
            kind = "Incident", title = "VPN", description = "Kommer inte in.", customerId = "fabrikam", impact = "Low", urgency = "Low",
            requester = new { id = "f-asa", name = Name, email = "asa.oberg@fabrikam.se", phone = "+46 8 555 000 11", language = "sv" },
        });
        Assert.Equal(201, namesake.Status);
        _namesakeTicket = namesake.Get("number");
        // Events out (mails to her in the outbox), statistics computed.
        await _app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);
        await _app.Get<StatisticsUpdater>().RunAsync(CancellationToken.None);
    }

    private static byte[] MailWithAttachment() => Encoding.UTF8.GetBytes(
        "From: =?utf-8?Q?=C3=85sa_=C3=96berg?= <" + Email + ">\r\nTo: support@servicedesk.local\r\nSubject: Datorn startar inte\r\n" +
        "Date: Tue, 4 Mar 2025 08:00:00 +0000\r\nMessage-ID: <asa-1@contoso.se>\r\nMIME-Version: 1.0\r\n" +
        "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n" +
        "--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nDen blinkar bara.\r\nHälsningar\r\n" + Name + "\r\n" + Phone + "\r\n" +
        "--b1\r\nContent-Type: text/plain; name=\"logg.txt\"\r\nContent-Disposition: attachment; filename=\"logg.txt\"\r\n\r\n" +
        "Inloggad: " + Email + "\r\n--b1--\r\n");

    private async Task<string> StatsAsync() =>
        (await _app.SendAsync(r => _app.Get<StatisticsApi>().Get(r), "GET", "/api/stats?customerId=contoso&from=2020-01-01&to=2030-01-01&dimension=category", token: _agent)).Body;

    private async Task<PrivacyJob> EraseAsync(bool dryRun = false)
    {
        var requested = await _app.SendAsync(r => _app.Get<PrivacyApi>().RequestErasure(r), "POST", "/api/privacy/erasures",
            new { customerId = "contoso", userId = "u-asa", email = Email.ToUpperInvariant(), dryRun }, _officer);
        Assert.True(requested.Status == 202, requested.ToString());
        var job = await _app.Get<PrivacyJobRunner>().RunAsync(requested.Get("id"), CancellationToken.None);
        Assert.NotNull(job);
        Assert.Equal(PrivacyJobStatus.Completed, job.Status);
        return job;
    }

    private IReadOnlyList<string> Traces(StorageDump dump) =>
        dump.Find([Name, "asa oberg", "\\u00C5sa \\u00D6berg", "=C3=85sa_=C3=96berg", Email], PhoneDigits)
            .Where(location => !location.Contains(_namesakeTicket, StringComparison.Ordinal) && !location.Contains("|fabrikam|", StringComparison.Ordinal))
            .ToList();

    [Fact]
    public async Task Erasure_leaves_no_trace_of_the_person_in_the_account_and_the_statistics_unchanged()
    {
        var before = await StorageDump.TakeAsync(_azurite.ConnectionString);
        Assert.True(Traces(before).Count >= 10, "the seed should spread her over the account: " + string.Join(", ", Traces(before)));
        Assert.Contains(Traces(before), l => l.StartsWith("blob:", StringComparison.Ordinal));
        Assert.Contains(Traces(before), l => l.StartsWith($"blob:{_app.TablePrefix.ToLowerInvariant()}attachments/", StringComparison.Ordinal));
        var stats = await StatsAsync();

        var job = await EraseAsync();

        var after = await StorageDump.TakeAsync(_azurite.ConnectionString);
        var left = Traces(after);
        Assert.True(left.Count == 0, "Traces left: " + string.Join("\n", left.Select(l => l + " => " + after.Items[l][..Math.Min(300, after.Items[l].Length)])));
        await _app.Get<StatisticsUpdater>().RunAsync(CancellationToken.None);
        Assert.Equal(stats, await StatsAsync());
        // The namesake of the other customer keeps her name and address.
        Assert.Contains(after.Find(["asa.oberg@fabrikam.se"]), l => l.Contains(_namesakeTicket, StringComparison.Ordinal));
        // Tickets keep their numbers and timings; the pseudonym replaces her.
        Assert.Equal(before.Items.Keys.Count(k => k.StartsWith($"table:{_app.TablePrefix}Tickets|", StringComparison.Ordinal)),
            after.Items.Keys.Count(k => k.StartsWith($"table:{_app.TablePrefix}Tickets|", StringComparison.Ordinal)));
        Assert.Contains(after.Items.Values, v => v.Contains(job.Subject + "@pseudonymised.invalid", StringComparison.Ordinal));
        Assert.True(job.Counts.Values.Sum(c => c.Changed) > 0 && job.Counts["blobcontainer:mail"].Deleted >= 2, string.Join(", ", job.Counts));
        Assert.Null(job.Person);

        // Run again: nothing left to change.
        var again = await EraseAsync();
        Assert.True(again.Counts.Values.Sum(c => c.Changed + c.Deleted) == 0, string.Join(", ", again.Counts.Where(c => c.Value.Matched > 0)));
        Assert.Equal(job.Subject, again.Subject);

        // The audit: who, when, the pseudonym and counts; never her address.
        var audit = await _app.SendAsync(r => _app.Get<PrivacyApi>().ListAudit(r), "GET", "/api/privacy/audit?customerId=contoso", token: _officer);
        Assert.Equal(200, audit.Status);
        Assert.Equal(4, audit.Json.GetProperty("items").GetArrayLength());
        Assert.Contains("erasure-completed", audit.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("asa.oberg", audit.Body, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Only_admins_and_the_customers_own_privacy_officer_may_ask()
    {
        var body = new { customerId = "contoso", email = Email };
        var otherOfficer = await _app.TokenAsync(new { userId = "dpo-2", name = "F", email = "dpo@fabrikam.se", customerId = "fabrikam", roles = new[] { "PrivacyOfficer" } });
        var admin = await _app.TokenAsync(new { userId = "admin", name = "A", email = "admin@supplier.se", customerId = "supplier", roles = new[] { "Admin" } });
        Task<ApiResponse> Post(string? token, object input) => _app.SendAsync(r => _app.Get<PrivacyApi>().RequestErasure(r), "POST", "/api/privacy/erasures", input, token);

        Assert.Equal(403, (await Post(_agent, body)).Status);
        Assert.Equal(404, (await Post(otherOfficer, body)).Status);
        Assert.Equal(401, (await Post(null, body)).Status);
        Assert.Equal(400, (await Post(_officer, new { customerId = "contoso" })).Status);
        Assert.Equal(400, (await Post(_officer, new { customerId = "contoso", email = "not-an-address" })).Status);
        var accepted = await Post(admin, body);
        Assert.Equal(202, accepted.Status);
        Assert.DoesNotContain("asa.oberg", accepted.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(404, (await _app.SendAsync(r => _app.Get<PrivacyApi>().GetErasure(r, accepted.Get("id")), "GET", "/api/privacy/erasures/" + accepted.Get("id"), token: otherOfficer)).Status);
        Assert.Equal(200, (await _app.SendAsync(r => _app.Get<PrivacyApi>().GetErasure(r, accepted.Get("id")), "GET", "/api/privacy/erasures/" + accepted.Get("id"), token: _officer)).Status);
        Assert.Equal(404, (await _app.SendAsync(r => _app.Get<PrivacyApi>().ListAudit(r), "GET", "/api/privacy/audit?customerId=contoso", token: otherOfficer)).Status);
    }

    [Fact]
    public async Task An_export_holds_all_of_the_persons_tickets_records_and_mails_and_nothing_of_another_person()
    {
        var requested = await _app.SendAsync(r => _app.Get<PrivacyApi>().RequestExport(r), "POST", "/api/privacy/exports",
            new { customerId = "contoso", userId = "u-asa", email = Email }, _officer);
        Assert.True(requested.Status == 202, requested.ToString());
        var id = requested.Get("id");
        Assert.Equal(PrivacyJobStatus.Completed, (await _app.Get<PrivacyJobRunner>().RunAsync(id, CancellationToken.None))!.Status);

        var read = await _app.SendAsync(r => _app.Get<PrivacyApi>().GetExport(r, id), "GET", "/api/privacy/exports/" + id, token: _officer);
        Assert.Equal(200, read.Status);
        var link = read.Get("download");
        var query = link[link.IndexOf('?')..];
        var download = await _app.SendAsync(r => _app.Get<PrivacyApi>().Download(r, id), "GET", link);
        Assert.True(download.Status == 200, download.ToString());
        Assert.Equal("application/zip", download.ContentType);
        var forged = query[..^3] + (query.EndsWith("AAA", StringComparison.Ordinal) ? "BBB" : "AAA");
        Assert.Equal(404, (await _app.SendAsync(r => _app.Get<PrivacyApi>().Download(r, id), "GET", $"/api/privacy/exports/{id}/download{forged}")).Status);
        Assert.Equal(404, (await _app.SendAsync(r => _app.Get<PrivacyApi>().Download(r, "other"), "GET", $"/api/privacy/exports/other/download{query}")).Status);
        Assert.Equal(404, (await _app.SendAsync(r => _app.Get<PrivacyApi>().GetExport(r, id), "GET", "/api/privacy/exports/" + id,
            token: await _app.TokenAsync(new { userId = "dpo-2", name = "F", email = "dpo@fabrikam.se", customerId = "fabrikam", roles = new[] { "PrivacyOfficer" } }))).Status);

        var job = await _app.Get<IPrivacyJobStore>().FindAsync(id, CancellationToken.None);
        Assert.Null(job!.Person);
        await using var content = await _app.Get<IPersonalDataExporter>().OpenAsync(job.ExportBlob!, CancellationToken.None);
        using var zip = new System.IO.Compression.ZipArchive(content!);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("personal-data.json", names);
        Assert.Contains(names, n => n.StartsWith("mail/raw/", StringComparison.Ordinal) && n.EndsWith(".eml", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("mail/attachments/", StringComparison.Ordinal) && n.EndsWith("logg.txt", StringComparison.Ordinal));
        Assert.Contains(names, n => n.StartsWith("uploads/INC-000001/", StringComparison.Ordinal) && n.EndsWith("-skarm.txt", StringComparison.Ordinal));
        string json;
        using (var reader = new StreamReader(zip.GetEntry("personal-data.json")!.Open()))
        {
            json = await reader.ReadToEndAsync();
        }
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var tickets = document.RootElement.GetProperty("tickets").EnumerateArray()
            .ToDictionary(t => t.GetProperty("number").GetString()!, t => string.Join(",", t.GetProperty("roles").EnumerateArray().Select(r => r.GetString())));
        Assert.Equal(new Dictionary<string, string>
        {
            ["INC-000001"] = "requester,commenter", ["INC-000002"] = "requester", ["INC-000003"] = "mentioned", ["INC-000005"] = "requester",
        }, tickets);
        Assert.Contains("Ring mig p\u00E5", json, StringComparison.Ordinal);
        Assert.Contains("Hej \u00C5sa \u00D6berg, vi tittar p\u00E5 det.", json, StringComparison.Ordinal);
        var records = document.RootElement.GetProperty("records").EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(records.Contains("Catalog") && records.Contains("MailMessages"), string.Join(", ", records));
        // Nothing of another person: not her colleague, not the other customer's namesake.
        Assert.DoesNotContain("bertil", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Min sk", json, StringComparison.Ordinal);
        Assert.DoesNotContain("fabrikam", json, StringComparison.OrdinalIgnoreCase);

        // Erasing her deletes the export too.
        var erased = await EraseAsync();
        Assert.Equal(1, erased.Counts["blobcontainer:privacy-exports"].Deleted);
        Assert.Null(await _app.Get<IPersonalDataExporter>().OpenAsync(job.ExportBlob!, CancellationToken.None));
    }

    [Fact]
    public async Task A_dry_run_counts_what_would_change_and_writes_nothing_else()
    {
        var before = await StorageDump.TakeAsync(_azurite.ConnectionString);

        var job = await EraseAsync(dryRun: true);

        var after = await StorageDump.TakeAsync(_azurite.ConnectionString);
        Assert.True(job.Counts.Values.Sum(c => c.Matched) >= 10, string.Join(", ", job.Counts));
        Assert.Equal(0, job.Counts.Values.Sum(c => c.Changed + c.Deleted));
        static bool Ours(string key) => !key.Contains("PrivacyJobs|", StringComparison.Ordinal) && !key.Contains("PrivacyAudit|", StringComparison.Ordinal) && !key.StartsWith("queue:privacy-jobs", StringComparison.Ordinal);
        Assert.Equal(before.Items.Where(i => Ours(i.Key)).OrderBy(i => i.Key, StringComparer.Ordinal),
            after.Items.Where(i => Ours(i.Key)).OrderBy(i => i.Key, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_job_killed_midway_resumes_to_the_state_of_an_uninterrupted_run()
    {
        var seeded = await StorageDump.TakeAsync(_azurite.ConnectionString);
        var uninterrupted = await EraseAsync();
        var expected = await StorageDump.TakeAsync(_azurite.ConnectionString);
        var writes = uninterrupted.Counts.Values.Sum(c => c.Changed + c.Deleted);
        Assert.True(writes >= 6, "writes: " + writes);

        await seeded.RestoreAsync(_azurite.ConnectionString);
        var requested = await _app.SendAsync(r => _app.Get<PrivacyApi>().RequestErasure(r), "POST", "/api/privacy/erasures",
            new { customerId = "contoso", userId = "u-asa", email = Email }, _officer);
        var id = requested.Get("id");
        // The host "dies" after half the writes: every storage write after that fails, as a killed process would stop.
        var failing = new FailAfterWrites(writes / 2);
        var options = new TableClientOptions();
        options.AddPolicy(failing, HttpPipelinePosition.PerRetry);
        var blobOptions = new BlobClientOptions();
        blobOptions.AddPolicy(failing, HttpPipelinePosition.PerRetry);
        var dying = new StorageErasure(new TableServiceClient(_azurite.ConnectionString, options), new BlobServiceClient(_azurite.ConnectionString, blobOptions),
            _app.Get<IOptions<StorageOptions>>());
        var runner = new PrivacyJobRunner(_app.Get<IPrivacyJobStore>(), dying, _app.Get<IPrivacyAudit>(), TimeProvider.System);
        await Assert.ThrowsAnyAsync<RequestFailedException>(() => runner.RunAsync(id, CancellationToken.None));
        var interrupted = await _app.Get<IPrivacyJobStore>().FindAsync(id, CancellationToken.None);
        Assert.Equal(PrivacyJobStatus.Running, interrupted!.Status);
        Assert.NotNull(interrupted.Person);

        var resumed = await _app.Get<PrivacyJobRunner>().RunAsync(id, CancellationToken.None);
        Assert.Equal(PrivacyJobStatus.Completed, resumed!.Status);
        Assert.True(resumed.Step > 0 && interrupted.Step > 0, $"resumed from step {interrupted.Step}");

        var actual = await StorageDump.TakeAsync(_azurite.ConnectionString);
        static IEnumerable<KeyValuePair<string, string>> Data(StorageDump d) => d.Items
            .Where(i => !i.Key.Contains("PrivacyJobs|", StringComparison.Ordinal) && !i.Key.Contains("PrivacyAudit|", StringComparison.Ordinal) && !i.Key.StartsWith("queue:", StringComparison.Ordinal))
            .OrderBy(i => i.Key, StringComparer.Ordinal);
        Assert.Equal(Data(expected), Data(actual));
        Assert.Empty(Traces(actual));
    }

    /// <summary>Lets <paramref name="writes"/> writes (PUT, POST, MERGE, DELETE) through, then fails every request.</summary>
    internal sealed class FailAfterWrites(int writes) : HttpPipelinePolicy
    {
        private int _seen;

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            var isWrite = message.Request.Method != RequestMethod.Get && message.Request.Method != RequestMethod.Head;
            if (_seen >= writes)
            {
                throw new RequestFailedException(503, "The host died.");
            }
            if (isWrite)
            {
                _seen++;
            }
            await ProcessNextAsync(message, pipeline);
        }
    }
}
