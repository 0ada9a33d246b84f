using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Intake;
using ServiceDesk.Application.MajorIncidents;
using ServiceDesk.Application.Mail;
using ServiceDesk.Functions.Intake;
using ServiceDesk.Infrastructure.Events;
using ServiceDesk.IntegrationTests.Infrastructure;
using ServiceDesk.IntegrationTests.Intake;
using ServiceDesk.IntegrationTests.Mail;

namespace ServiceDesk.IntegrationTests.MajorIncidents;

/// <summary>
/// Major incidents on Azurite: declare (validated, idempotent), auto-link from every channel, updates and resolution
/// reaching the children, isolation between customers, broadcasts that send each recipient one mail per update even
/// when a run is interrupted and repeated, opt-out and the public status.
/// </summary>
public sealed class MajorIncidentTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Api _api = null!;
    private MajorIncidentApiClient _mi = null!;
    private string _agent = null!;
    private string _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(s =>
        {
            s["ServiceDesk:Mail:Smtp:Host"] = "127.0.0.1";
            s["ServiceDesk:MajorIncidents:OnDutyAddresses"] = "duty@servicedesk.local, duty2@servicedesk.local";
            s["ServiceDesk:Intake:RecurrenceNoteSeconds"] = "0";   // note every recurrence, so the threshold is seen at once
        });
        await _app.SeedCustomerAsync("contoso");
        await _app.SeedCustomerAsync("fabrikam");
        _api = new Api(_app);
        _mi = new MajorIncidentApiClient(_app);
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso", "fabrikam" } });
        _admin = await _app.TokenAsync("admin1", "supplier", "Admin");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static object Declaration(string fromTicket, string[]? customers = null) => new
    {
        fromTicket,
        customers = customers ?? ["contoso"],
        services = new[] { "E-post" },
        keywords = new[] { "outlook" },
        impact = new { sv = "Ingen kan skicka e-post.", en = "Nobody can send mail." },
        message = new { sv = "Vi felsöker e-posttjänsten.", en = "We are investigating the mail service." },
    };

    private async Task<string> IncidentAsync(string token, string title, string service = "E-post", string? customer = null)
    {
        object body = customer is null
            ? new { kind = "Incident", title, description = "Fungerar inte.", service }
            : new { kind = "Incident", title, description = "Fungerar inte.", service, customerId = customer, requester = new { name = "Olle", email = $"olle@{customer}.se" } };
        var created = await _api.Create(token, body);
        Assert.True(created.Status == 201, created.ToString());
        return created.Get("number");
    }

    [Fact]
    public async Task Declaring_needs_both_languages_and_a_customer_the_caller_serves_and_is_idempotent_per_incident()
    {
        var master = await IncidentAsync(_agent, "E-posten fungerar inte", customer: "contoso");
        var missing = await _mi.Declare(_agent, new { fromTicket = master, customers = new[] { "contoso" }, impact = new { sv = "Ingen e-post" }, message = new { en = "Investigating" } });
        Assert.Equal(400, missing.Status);
        var errors = missing.Json.GetProperty("errors");
        Assert.True(errors.TryGetProperty("impact.en", out _) && errors.TryGetProperty("message.sv", out _), missing.Body);
        var foreign = await _mi.Declare(_agent, Declaration(master, ["northwind"]));
        Assert.Equal(400, foreign.Status);
        var user = await _app.TokenAsync("u1", "contoso", "EndUser");
        Assert.Equal(403, (await _mi.Declare(user, Declaration(master))).Status);

        var first = await _mi.Declare(_agent, Declaration(master));
        Assert.Equal(201, first.Status);
        Assert.Equal(master, first.Get("id"));
        var again = await _mi.Declare(_agent, Declaration(master));
        Assert.Equal(200, again.Status);
        Assert.Equal(master, again.Get("id"));
        var activity = (await _api.Activity(_agent, master)).Json.GetProperty("items").EnumerateArray();
        Assert.Single(activity, a => a.GetProperty("type").GetString() == "majorIncidentDeclared");
    }

    [Fact]
    public async Task New_incidents_from_the_portal_phone_queue_and_mail_are_linked_and_another_customers_are_not()
    {
        var master = await IncidentAsync(_agent, "E-posten fungerar inte", customer: "contoso");
        Assert.Equal(201, (await _mi.Declare(_agent, Declaration(master))).Status);

        var user = await _app.TokenAsync("u1", "contoso", "EndUser");
        var portal = await IncidentAsync(user, "Kan inte skicka mejl");                                   // by service
        var phone = await IncidentAsync(_agent, "Outlook hänger sig", service: "Klient", customer: "contoso"); // by keyword
        var queued = await _app.Get<IncidentIntake>().HandleAsync(
            JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["schemaVersion"] = "1.0", ["customerId"] = "contoso", ["source"] = "zabbix-prod", ["sourceId"] = "mi-evt-1",
                ["title"] = "SMTP relay down", ["description"] = "Queue growing.", ["service"] = "E-post", ["status"] = "firing",
                ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
            }),
            new IntakeDelivery(IncidentQueueFunction.Transport, "mi-m-1", 1), CancellationToken.None);
        Assert.True(queued.Outcome == IntakeOutcome.Created, queued.ToString());
        var mailed = await _app.Get<MailIngestion>().IngestAsync(MailTestApp.Mail(
            "Anna Svensson <anna@contoso.se>", "Outlook säger att servern inte svarar", "mi-mail-1@contoso.se", "Hjälp."), "test", CancellationToken.None);
        Assert.Equal("created", mailed.Action);
        var other = await IncidentAsync(_agent, "Outlook hänger sig", customer: "fabrikam");                 // not in scope

        foreach (var number in new[] { portal, phone, queued.TicketNumber!, mailed.TicketNumber! })
        {
            var ticket = await _api.Get(_agent, number);
            Assert.True((ticket.Get("status"), ticket.Get("pendingReason")) == ("pending", "awaitingMajorIncident"), number + ": " + ticket.Body);
            Assert.Contains(master, ticket.Json.GetProperty("links").ToString(), StringComparison.Ordinal);
        }
        Assert.Equal("new", (await _api.Get(_agent, other)).Get("status"));

        // A wrong link is undone by staff: the ticket is worked on its own again.
        var unlinked = await _mi.Unlink(_agent, master, phone);
        Assert.Equal(200, unlinked.Status);
        Assert.Equal("new", unlinked.Get("status"));
        var timeline = await _mi.Timeline(_agent, master);
        Assert.Equal(4 - 1, timeline.Json.GetProperty("ticketsLinked").GetInt32());

        // The requesters heard about the known incident instead of the acknowledgement.
        await _app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);
        var mails = await _app.Get<IMailOutbox>().ListAsync(null, 500, CancellationToken.None);
        Assert.Contains(mails, m => m.TicketNumber == mailed.TicketNumber && m.Template == "major-incident-known" && m.Subject.Contains("Känd störning", StringComparison.Ordinal));
        Assert.DoesNotContain(mails, m => m.TicketNumber == mailed.TicketNumber && m.Template == "received");
        Assert.Contains(mails, m => m.TicketNumber == other && m.Template == "received");
    }

    [Fact]
    public async Task An_interrupted_broadcast_run_again_sends_each_recipient_one_mail_per_update_and_nobody_outside_the_scope()
    {
        Assert.Equal(200, (await _mi.PutSettings(_admin, "contoso", new
        {
            subscribers = Enumerable.Range(0, 30).Select(i => new { email = $"sub{i}@contoso.se", name = $"Sub {i}", language = i % 2 == 0 ? "sv" : "en", services = new[] { "E-post" } }),
        })).Status);
        Assert.Equal(200, (await _mi.PutSettings(_admin, "fabrikam", new { subscribers = new[] { new { email = "boss@fabrikam.se", services = Array.Empty<string>() } } })).Status);
        var master = await IncidentAsync(_agent, "E-posten fungerar inte", customer: "contoso");
        var user = await _app.TokenAsync(new { userId = "u2", name = "Ulla", email = "ulla@contoso.se", customerId = "contoso", roles = new[] { "EndUser" } });
        var open = await IncidentAsync(user, "Mejlen fastnar");     // an open ticket on the service, before the declaration
        Assert.Equal(201, (await _mi.Declare(_agent, Declaration(master))).Status);

        // The first run stops after 10 mails (the host died); the queue runs the message again.
        await using var interrupted = await TestApp.StartAsync(s => { s["ServiceDesk:Mail:Smtp:Host"] = "127.0.0.1"; s["ServiceDesk:Storage:TablePrefix"] = _app.TablePrefix; },
            services => services.AddSingleton<IMailOutbox>(sp => new FailingOutbox(ActivatorUtilities.CreateInstance<ServiceDesk.Infrastructure.Mail.TableMailOutbox>(sp), failAfter: 10)));
        await Assert.ThrowsAnyAsync<Exception>(() => interrupted.Get<MajorIncidentBroadcasts>().RunAsync(new BroadcastRequest(master, 0), CancellationToken.None));
        var result = await _app.Get<MajorIncidentBroadcasts>().RunAsync(new BroadcastRequest(master, 0), CancellationToken.None);
        await _app.Get<MajorIncidentBroadcasts>().RunAsync(new BroadcastRequest(master, 0), CancellationToken.None);   // delivered twice

        var mails = (await _app.Get<IMailOutbox>().ListAsync(null, 1000, CancellationToken.None)).Where(m => m.TicketNumber == MajorIncidentBroadcasts.BroadcastKey(master)).ToList();
        Assert.Equal(32, result.Recipients);                                   // 30 subscribers, Ulla and Olle (open tickets on the service)
        Assert.Equal(32, mails.Count);
        Assert.Contains(mails, m => m.To == "olle@contoso.se");
        Assert.Equal(mails.Count, mails.Select(m => m.To).Distinct().Count());
        Assert.DoesNotContain(mails, m => m.To.EndsWith("@fabrikam.se", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == "sub0@contoso.se" && m.Subject.Contains("Pågående störning", StringComparison.Ordinal) && m.Body.Contains("Vi felsöker", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == "sub1@contoso.se" && m.Subject.Contains("Ongoing major incident", StringComparison.Ordinal) && m.Body.Contains("investigating", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == "ulla@contoso.se");
        Assert.Equal(32, (await _mi.Timeline(_agent, master)).Json.GetProperty("usersInformed").GetInt32());
        Assert.NotEqual("pending", (await _api.Get(_agent, open)).Get("status"));   // declared after it was opened: not a child
    }

    [Fact]
    public async Task Public_updates_reach_the_children_and_resolving_resolves_them_with_a_final_broadcast()
    {
        var master = await IncidentAsync(_agent, "E-posten fungerar inte", customer: "contoso");
        Assert.Equal(201, (await _mi.Declare(_agent, Declaration(master))).Status);
        var user = await _app.TokenAsync(new { userId = "u3", name = "Ulf", email = "ulf@contoso.se", customerId = "contoso", roles = new[] { "EndUser" } });
        var created = await _api.Create(user, new { kind = "Incident", title = "Cannot send mail", description = "Stuck.", service = "E-post", language = "en" });
        Assert.Equal(201, created.Status);
        var child = created.Get("number");
        var broadcasts = _app.Get<MajorIncidentBroadcasts>();

        var update = await _mi.Update(_agent, master, new { message = new { sv = "Felet är hittat.", en = "The fault is found." }, nextUpdateAt = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Equal(200, update.Status);
        await broadcasts.RunAsync(new BroadcastRequest(master, 1), CancellationToken.None);
        var internalNote = await _mi.Update(_agent, master, new { @public = false, message = new { sv = "Leverantören ringd.", en = "Vendor called." } });
        Assert.Equal(200, internalNote.Status);
        var log = (await _api.Activity(user, child)).Json.GetProperty("items").EnumerateArray().Select(a => a.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "").ToList();
        Assert.Contains(log, t => t.Contains("The fault is found.", StringComparison.Ordinal) || t.Contains("Felet är hittat.", StringComparison.Ordinal));
        Assert.DoesNotContain(log, t => t.Contains("Vendor called", StringComparison.Ordinal));

        var resolved = await _mi.Resolve(_agent, master, new { message = new { sv = "E-posten fungerar igen.", en = "Mail works again." }, resolutionNotes = "Relay restarted." });
        Assert.Equal(200, resolved.Status);
        Assert.Equal("resolved", resolved.Get("status"));
        await broadcasts.RunAsync(new BroadcastRequest(master, 3), CancellationToken.None);
        var childTicket = await _api.Get(_agent, child);
        Assert.Equal(("resolved", "Relay restarted."), (childTicket.Get("status"), childTicket.Get("resolutionNotes")));
        Assert.Equal("resolved", (await _api.Get(_agent, master)).Get("status"));
        var mails = (await _app.Get<IMailOutbox>().ListAsync(null, 1000, CancellationToken.None)).Where(m => m.To == "ulf@contoso.se" && m.TicketNumber.StartsWith("broadcast.", StringComparison.Ordinal)).ToList();
        Assert.Contains(mails, m => m.Subject.Contains("Resolved", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Subject.Contains("Update", StringComparison.Ordinal));
        var timeline = (await _mi.Timeline(_agent, master)).Json;
        Assert.Equal(["declared", "update", "update", "resolved"], timeline.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(409, (await _mi.Update(_agent, master, new { message = new { sv = "x", en = "x" } })).Status);
        // A new incident after resolution is not linked.
        Assert.Equal("new", (await _api.Get(_agent, await IncidentAsync(user, "Cannot send mail again"))).Get("status"));
    }

    [Fact]
    public async Task Status_is_for_the_customers_users_the_public_document_only_when_enabled_and_opting_out_follows_the_policy()
    {
        var master = await IncidentAsync(_agent, "E-posten fungerar inte", customer: "contoso");
        Assert.Equal(201, (await _mi.Declare(_agent, Declaration(master))).Status);
        var contosoUser = await _app.TokenAsync(new { userId = "u4", name = "Ida", email = "ida@contoso.se", customerId = "contoso", roles = new[] { "EndUser" } });
        var fabrikamUser = await _app.TokenAsync("f1", "fabrikam", "EndUser");
        Assert.Contains(master, (await _mi.List(contosoUser)).Body, StringComparison.Ordinal);
        Assert.DoesNotContain(master, (await _mi.List(fabrikamUser)).Body, StringComparison.Ordinal);
        Assert.Equal(404, (await _mi.List(fabrikamUser, "?customerId=contoso")).Status);

        Assert.Equal(404, (await _mi.PublicStatus("contoso")).Status);
        Assert.Equal(200, (await _mi.PutSettings(_admin, "contoso", new { publicStatus = true, allowOptOut = false })).Status);
        var status = await _mi.PublicStatus("contoso");
        Assert.Equal(200, status.Status);
        Assert.Contains("Vi felsöker e-posttjänsten.", status.Body, StringComparison.Ordinal);
        Assert.Equal("public, max-age=30", status.Headers.CacheControl.ToString());
        Assert.Equal(304, (await _mi.PublicStatus("contoso", status.ETag)).Status);
        Assert.Equal(404, (await _mi.PublicStatus("fabrikam")).Status);

        Assert.Equal(403, (await _mi.OptOut(contosoUser, true)).Status);
        Assert.Equal(200, (await _mi.PutSettings(_admin, "contoso", new { allowOptOut = true })).Status);
        Assert.Equal(200, (await _mi.OptOut(contosoUser, true)).Status);
        var child = await IncidentAsync(contosoUser, "Mejlen fastnar");
        var recipients = await _app.Get<MajorIncidentBroadcasts>().PlanAsync(
            (await _app.Get<IMajorIncidentStore>().FindAsync(master, CancellationToken.None))!.Value.Incident, [child], CancellationToken.None);
        Assert.DoesNotContain(recipients, r => r.Email == "ida@contoso.se");
    }

    [Fact]
    public async Task Thousands_of_subscribers_are_stored_one_row_each_and_replaced_as_a_whole()
    {
        var many = Enumerable.Range(0, 2_000).Select(i => new { email = $"subscriber{i:D5}@contoso.se", name = $"Subscriber number {i}", language = "sv", services = new[] { "E-post", "Teams" } }).ToList();
        Assert.Equal(200, (await _mi.PutSettings(_admin, "contoso", new { subscribers = many })).Status);
        var stored = await _app.Get<IMajorIncidentStore>().GetSettingsAsync("contoso", CancellationToken.None);
        Assert.Equal(2_000, stored!.Subscribers.Count);
        Assert.Equal(200, (await _mi.PutSettings(_admin, "contoso", new { subscribers = many.Take(3) })).Status);
        Assert.Equal(3, (await _app.Get<IMajorIncidentStore>().GetSettingsAsync("contoso", CancellationToken.None))!.Subscribers.Count);
        var twice = await _mi.PutSettings(_admin, "contoso", new { subscribers = new[] { many[0], many[0] } });
        Assert.Equal(400, twice.Status);
    }

    [Fact]
    public async Task An_alert_storm_proposes_a_major_incident_once_and_the_staff_on_duty_are_mailed()
    {
        Assert.Equal(200, (await _mi.PutSettings(_admin, "fabrikam", new { stormThreshold = 3 })).Status);
        var intake = _app.Get<IncidentIntake>();
        string? number = null;
        for (var i = 0; i < 5; i++)
        {
            var result = await intake.HandleAsync(IntakeMessages.Firing("fabrikam", "storm-" + i, "Core switch down", correlationKey: "core-switch"),
                new IntakeDelivery(IncidentQueueFunction.Transport, "storm-m-" + i, 1), CancellationToken.None);
            number ??= result.TicketNumber;
            Assert.Equal(number, result.TicketNumber);
        }
        var activity = (await _api.Activity(_agent, number!)).Json.GetProperty("items").EnumerateArray().ToList();
        var proposed = Assert.Single(activity, a => a.GetProperty("type").GetString() == "majorIncidentProposed");
        Assert.Equal("3", proposed.GetProperty("data").GetProperty("occurrences").GetString());

        await _app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);
        var mails = (await _app.Get<IMailOutbox>().ListAsync(null, 500, CancellationToken.None)).Where(m => m.Template == "major-incident-proposal").ToList();
        Assert.Equal(["duty2@servicedesk.local", "duty@servicedesk.local"], mails.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.Contains("Proposed major incident", mails[0].Subject, StringComparison.Ordinal);
        Assert.Contains("Överväg att deklarera", mails[0].Body, StringComparison.Ordinal);
    }

    /// <summary>An outbox that fails after a number of writes, as a host that dies mid-broadcast.</summary>
    private sealed class FailingOutbox(IMailOutbox inner, int failAfter) : IMailOutbox
    {
        private int _added;

        public Task<OutgoingMail> AddAsync(OutgoingMail mail, CancellationToken ct) =>
            Interlocked.Increment(ref _added) > failAfter ? throw new IOException("host killed") : inner.AddAsync(mail, ct);

        public Task<OutgoingMail?> GetAsync(string key, CancellationToken ct) => inner.GetAsync(key, ct);
        public Task UpdateAsync(OutgoingMail mail, CancellationToken ct) => inner.UpdateAsync(mail, ct);
        public Task EnqueueAsync(OutgoingMail mail, TimeSpan delay, CancellationToken ct) => inner.EnqueueAsync(mail, delay, ct);
        public Task<IReadOnlyList<OutgoingMail>> ListAsync(string? status, int max, CancellationToken ct) => inner.ListAsync(status, max, ct);
    }
}
