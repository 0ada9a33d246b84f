using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ServiceDesk.Application.Mail;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.RemoteSessions;

/// <summary>
/// Remote control on Azurite: enrolment keys and device credentials, the registry and the customer's policy, and
/// request → consent → single-use grant → session, with every misuse refused and written to the device's audit log.
/// </summary>
public sealed class RemoteSessionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private TestApp _app = null!;
    private Api _api = null!;
    private RemoteApiClient _remote = null!;
    private string _admin = null!, _contosoAdmin = null!, _fabrikamAdmin = null!, _agent = null!, _otherAgent = null!, _anna = null!, _bo = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(overrides: s => s.AddSingleton<TimeProvider>(_clock));
        await _app.SeedCustomerAsync("contoso");
        await _app.SeedCustomerAsync("fabrikam");
        _api = new Api(_app);
        _remote = new RemoteApiClient(_app);
        _admin = await _app.TokenAsync("admin1", "supplier", "Admin");
        _contosoAdmin = await _app.TokenAsync("cadmin", "contoso", "Admin");
        _fabrikamAdmin = await _app.TokenAsync("fadmin", "fabrikam", "Admin");
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso", "fabrikam" } });
        _otherAgent = await _app.TokenAsync(new { userId = "a-frida", name = "Frida", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "fabrikam" } });
        _anna = await _app.TokenAsync(new { userId = "u1", name = "Anna", email = "anna@contoso.se", customerId = "contoso", roles = new[] { "EndUser" } });
        _bo = await _app.TokenAsync(new { userId = "u2", name = "Bo", email = "bo@contoso.se", customerId = "contoso", roles = new[] { "EndUser" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> KeyAsync(string customer = "contoso", int maxUses = 1, string owner = "u1")
    {
        var key = await _remote.CreateKey(_admin, customer, new { label = "laptops", maxUses, owner = new { userId = owner, name = "Anna", email = $"anna@{customer}.se" } });
        Assert.True(key.Status == 201, key.ToString());
        return key.Get("key");
    }

    private async Task<(string Id, string Credential)> EnrolAsync(string customer = "contoso", string owner = "u1", string hostname = "PC-ANNA")
    {
        var enrolled = await _remote.Enrol(new { enrolmentKey = await KeyAsync(customer, owner: owner), hostname, os = "Windows 11", hardwareId = "SN-" + hostname, signedInUser = new { userId = owner } });
        Assert.True(enrolled.Status == 201, enrolled.ToString());
        return (enrolled.Get("deviceId"), enrolled.Get("credential"));
    }

    private async Task<string> TicketAsync(string customer = "contoso")
    {
        var created = await _api.Create(_agent, new { kind = "Incident", title = "Skrivaren skriver inte ut", description = "Jobben fastnar.", customerId = customer, requester = new { name = "Anna", email = $"anna@{customer}.se" } });
        Assert.True(created.Status == 201, created.ToString());
        return created.Get("number");
    }

    private async Task<string> RequestAsync(string ticket, string deviceId, string? token = null)
    {
        var request = await _remote.RequestConnection(token ?? _agent, ticket, new { deviceId, reason = "Kontrollera skrivardrivrutinen", expectedMinutes = 15 });
        Assert.True(request.Status == 201, request.ToString());
        return request.Get("id");
    }

    private async Task<(string Rid, string Grant)> ApprovedAsync(string ticket, (string Id, string Credential) device)
    {
        var rid = await RequestAsync(ticket, device.Id);
        var approved = await _remote.Decide(device.Id, device.Credential, rid, new { approve = true, userId = "u1", userName = "Anna" });
        Assert.True(approved.Status == 200, approved.ToString());
        var read = await _remote.GetRequest(_agent, rid);
        Assert.Equal("approved", read.Get("status"));
        return (rid, read.Get("grant"));
    }

    private async Task<List<JsonElement>> SecurityEventsAsync(string deviceId) =>
        (await _remote.Audit(_admin, deviceId)).Json.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("security").GetBoolean()).ToList();

    [Fact]
    public async Task Admins_create_keys_that_enrol_a_limited_number_of_devices_and_only_hashes_are_stored()
    {
        Assert.Equal(403, (await _remote.CreateKey(_agent, "contoso", new { })).Status);
        Assert.Equal(403, (await _remote.CreateKey(_fabrikamAdmin, "contoso", new { })).Status);   // an admin of another customer
        Assert.Equal(400, (await _remote.CreateKey(_admin, "contoso", new { maxUses = 0, validHours = 9999 })).Status);
        var created = await _remote.CreateKey(_contosoAdmin, "contoso", new { maxUses = 2 });
        Assert.Equal(201, created.Status);
        var key = created.Get("key");
        var listed = await _remote.ListKeys(_admin, "contoso");
        Assert.DoesNotContain(key.Split('.')[1], listed.Body, StringComparison.Ordinal);   // the secret is shown once

        var facts = new { enrolmentKey = key, hostname = "PC-1", os = "Windows 11", hardwareId = "SN-1" };
        var first = await _remote.Enrol(facts);
        Assert.Equal(201, first.Status);
        Assert.StartsWith("dev-", first.Get("deviceId"), StringComparison.Ordinal);
        Assert.Equal(201, (await _remote.Enrol(facts with { hostname = "PC-2" })).Status);
        Assert.Equal(401, (await _remote.Enrol(facts with { hostname = "PC-3" })).Status);          // used up
        Assert.Equal(401, (await _remote.Enrol(facts with { enrolmentKey = key[..^2] + "xx" })).Status); // wrong secret

        var revokedKey = await KeyAsync();
        Assert.Equal(200, (await _remote.RevokeKey(_contosoAdmin, "contoso", revokedKey.Split('.')[0])).Status);
        Assert.Equal(401, (await _remote.Enrol(facts with { enrolmentKey = revokedKey })).Status);
        var expiring = await KeyAsync();
        _clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(401, (await _remote.Enrol(facts with { enrolmentKey = expiring })).Status);

        var stored = JsonSerializer.Serialize(await _app.Get<ServiceDesk.Application.RemoteSessions.IRemoteSessionStore>().FindDeviceAsync(first.Get("deviceId"), CancellationToken.None));
        Assert.DoesNotContain(first.Get("credential"), stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_device_credential_authenticates_heartbeats_and_rotation_and_a_wrong_one_is_a_security_event()
    {
        var device = await EnrolAsync();
        var beat = await _remote.Heartbeat(device.Id, device.Credential);
        Assert.Equal(200, beat.Status);
        Assert.DoesNotContain("credentialHash", beat.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(401, (await _remote.Heartbeat(device.Id, null)).Status);
        Assert.Equal(401, (await _remote.Heartbeat(device.Id, "not-the-credential")).Status);
        var rotated = await _remote.Rotate(device.Id, device.Credential);
        Assert.Equal(200, rotated.Status);
        Assert.Equal(401, (await _remote.Heartbeat(device.Id, device.Credential)).Status);
        Assert.Equal(200, (await _remote.Heartbeat(device.Id, rotated.Get("credential"))).Status);
        var events = await SecurityEventsAsync(device.Id);
        Assert.Equal(3, events.Count);
        var audit = (await _remote.Audit(_admin, device.Id)).Body;
        Assert.DoesNotContain(device.Credential, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(rotated.Get("credential"), audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_list_a_customers_devices_users_see_their_own_and_remove_them_only_when_the_policy_allows()
    {
        var annas = await EnrolAsync(owner: "u1", hostname: "PC-ANNA");
        var bos = await EnrolAsync(owner: "u2", hostname: "PC-BO");
        var other = await EnrolAsync("fabrikam", owner: "f1", hostname: "PC-FAB");

        var listed = await _remote.ListDevices(_agent, "contoso");
        Assert.Equal(2, listed.Json.GetProperty("items").GetArrayLength());
        Assert.DoesNotContain("credentialHash", listed.Body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(403, (await _remote.ListDevices(_otherAgent, "contoso")).Status);
        Assert.Equal(403, (await _remote.ListDevices(_anna, "contoso")).Status);
        var mine = await _remote.MyDevices(_anna);
        Assert.Equal([annas.Id], mine.Json.GetProperty("items").EnumerateArray().Select(d => d.GetProperty("id").GetString()));
        Assert.Equal(404, (await _remote.Audit(_anna, bos.Id)).Status);
        Assert.Equal(404, (await _remote.Audit(_anna, other.Id)).Status);
        Assert.Equal(200, (await _remote.Audit(_anna, annas.Id)).Status);

        Assert.Equal(403, (await _remote.Remove(_anna, annas.Id)).Status);     // not allowed by default
        Assert.Equal(404, (await _remote.Remove(_anna, bos.Id)).Status);
        Assert.Equal(200, (await _remote.PutSettings(_contosoAdmin, "contoso", new { enabled = true, usersMayRemoveDevices = true })).Status);
        var removed = await _remote.Remove(_anna, annas.Id);
        Assert.Equal("removed", removed.Get("status"));
        Assert.Equal(403, (await _remote.Heartbeat(annas.Id, annas.Credential)).Status);
        Assert.Equal(0, (await _remote.MyDevices(_anna)).Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Switching_remote_control_off_refuses_enrolment_and_devices_with_a_reason_in_swedish_and_english()
    {
        var device = await EnrolAsync();
        Assert.Equal(403, (await _remote.PutSettings(_agent, "contoso", new { enabled = false })).Status);
        Assert.Equal(200, (await _remote.PutSettings(_contosoAdmin, "contoso", new { enabled = false })).Status);
        var refused = await _remote.Enrol(new { enrolmentKey = await KeyAsync(), hostname = "PC-9", os = "Windows 11", hardwareId = "SN-9" });
        Assert.Equal(403, refused.Status);
        Assert.StartsWith("application/problem+json", refused.ContentType, StringComparison.Ordinal);
        Assert.Equal("remote-control.disabled", refused.Get("code"));
        Assert.Equal("Fjärrstyrning är avstängd för den här kunden.", refused.Json.GetProperty("reason").GetProperty("sv").GetString());
        Assert.Equal("Remote control is switched off for this customer.", refused.Json.GetProperty("reason").GetProperty("en").GetString());
        Assert.Equal(403, (await _remote.Heartbeat(device.Id, device.Credential)).Status);
        Assert.Equal(200, (await _remote.PutSettings(_admin, "contoso", new { enabled = true })).Status);
        Assert.Equal(200, (await _remote.Heartbeat(device.Id, device.Credential)).Status);
    }

    [Fact]
    public async Task A_consented_session_is_started_with_the_grant_once_recorded_on_the_ticket_and_the_device_and_mailed_to_the_user()
    {
        var device = await EnrolAsync();
        var ticket = await TicketAsync();
        var rid = await RequestAsync(ticket, device.Id);
        Assert.Equal(401, (await _remote.Poll(device.Id, "wrong")).Status);
        var prompts = await _remote.Poll(device.Id, device.Credential);
        var prompt = Assert.Single(prompts.Json.GetProperty("items").EnumerateArray());
        Assert.Equal(rid, prompt.GetProperty("requestId").GetString());
        Assert.Equal("Erik", prompt.GetProperty("technicianName").GetString());
        Assert.Equal(ticket, prompt.GetProperty("ticketNumber").GetString());
        Assert.Contains("vill ansluta", prompt.GetProperty("prompt").GetString(), StringComparison.Ordinal);   // contoso is Swedish
        Assert.Contains("wants to connect", (await _remote.Poll(device.Id, device.Credential, "en")).Body, StringComparison.Ordinal);
        Assert.Null((await _remote.GetRequest(_agent, rid)).Json.TryGetProperty("grant", out var none) ? none.GetString() : null);

        var decided = await _remote.Decide(device.Id, device.Credential, rid, new { approve = true, userId = "u1", userName = "Anna" });
        Assert.Equal("approved", decided.Get("status"));
        Assert.False(decided.Json.TryGetProperty("grant", out _));                  // the device never sees the grant
        Assert.Equal(0, (await _remote.Poll(device.Id, device.Credential)).Json.GetProperty("items").GetArrayLength());
        var other = await _app.TokenAsync(new { userId = "a-sven", name = "Sven", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        Assert.False((await _remote.GetRequest(other, rid)).Json.TryGetProperty("grant", out _));   // only the requesting technician reads it
        var grant = (await _remote.GetRequest(_agent, rid)).Get("grant");

        var started = await _remote.Start(_agent, rid, grant, ticket);
        Assert.True(started.Status == 200, started.ToString());
        Assert.Equal("started", started.Get("status"));
        Assert.Equal(201, (await _remote.Report(_agent, rid, "Installerade om skrivardrivrutinen.")).Status);
        _clock.Advance(TimeSpan.FromMinutes(7));
        var ended = await _remote.EndByDevice(device.Credential, rid);
        Assert.True(ended.Status == 200, ended.ToString());
        Assert.Equal("ended", ended.Get("status"));
        Assert.Equal("ended", (await _remote.EndByTechnician(_agent, rid)).Get("status"));   // ending twice is harmless

        var activity = (await _api.Activity(_agent, ticket)).Body;
        foreach (var text in new[] { "requested by Erik", "approved by Anna", "started by Erik", "Installerade om", "ended by Anna after 7 min" })
        {
            Assert.True(activity.Contains(text, StringComparison.Ordinal), text + " not in " + activity);
        }
        var audit = (await _remote.Audit(_anna, device.Id)).Json.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["enrolled", "requested", "security", "approved", "session-started", "report", "session-ended"], audit);
        Assert.DoesNotContain(grant, (await _remote.Audit(_admin, device.Id)).Body, StringComparison.Ordinal);
        var mail = await _app.Get<IMailOutbox>().GetAsync($"{ticket}|remote-session:{rid}", CancellationToken.None);
        Assert.NotNull(mail);
        Assert.Equal("anna@contoso.se", mail.To);
        Assert.Contains("Fjärrsession", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("7 min", mail.Body, StringComparison.Ordinal);

        // A second connection is a second request and a second consent.
        Assert.Equal(409, (await _remote.Start(_agent, rid, grant, ticket)).Status);
        var second = await RequestAsync(ticket, device.Id);
        Assert.Equal(403, (await _remote.Start(_agent, second, grant, ticket)).Status);
    }

    [Fact]
    public async Task A_denied_or_unanswered_request_gets_no_grant()
    {
        var device = await EnrolAsync();
        var ticket = await TicketAsync();
        var denied = await RequestAsync(ticket, device.Id);
        Assert.Equal("denied", (await _remote.Decide(device.Id, device.Credential, denied, new { approve = false, userId = "u1" })).Get("status"));
        Assert.False((await _remote.GetRequest(_agent, denied)).Json.TryGetProperty("grant", out _));
        var unanswered = await RequestAsync(ticket, device.Id);
        _clock.Advance(TimeSpan.FromMinutes(6));
        var read = await _remote.GetRequest(_agent, unanswered);
        Assert.Equal("expired", read.Get("status"));
        Assert.False(read.Json.TryGetProperty("grant", out _));
        Assert.Equal(0, (await _remote.Poll(device.Id, device.Credential)).Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Decisions_with_another_devices_credential_replayed_late_or_by_the_technician_are_refused_and_audited()
    {
        var device = await EnrolAsync();
        var intruder = await EnrolAsync(owner: "u2", hostname: "PC-BO");
        var ticket = await TicketAsync();
        var rid = await RequestAsync(ticket, device.Id);

        Assert.Equal(401, (await _remote.Decide(device.Id, intruder.Credential, rid, new { approve = true })).Status);   // B's credential on A's route
        Assert.Equal(404, (await _remote.Decide(intruder.Id, intruder.Credential, rid, new { approve = true })).Status); // A's request on B's route
        Assert.Equal(403, (await _remote.Decide(device.Id, device.Credential, rid, new { approve = true, userId = "a-erik" })).Status); // own request
        Assert.Equal("pending", (await _remote.GetRequest(_agent, rid)).Get("status"));
        Assert.Equal(200, (await _remote.Decide(device.Id, device.Credential, rid, new { approve = true, userId = "u1" })).Status);
        Assert.Equal(409, (await _remote.Decide(device.Id, device.Credential, rid, new { approve = true, userId = "u1" })).Status); // replay
        var late = await RequestAsync(ticket, device.Id);
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(409, (await _remote.Decide(device.Id, device.Credential, late, new { approve = true, userId = "u1" })).Status);
        Assert.False((await _remote.GetRequest(_agent, late)).Json.TryGetProperty("grant", out _));

        var events = (await SecurityEventsAsync(device.Id)).Select(e => e.GetProperty("text").GetString()!).ToList();
        Assert.Contains(events, t => t.Contains("credential did not match", StringComparison.Ordinal));
        Assert.Contains(events, t => t.Contains("Another device", StringComparison.Ordinal));
        Assert.Contains(events, t => t.Contains("their own request", StringComparison.Ordinal));
        Assert.Contains(events, t => t.Contains("replay", StringComparison.Ordinal));
        Assert.Contains(events, t => t.Contains("expired", StringComparison.Ordinal));
        Assert.Contains((await SecurityEventsAsync(intruder.Id)), e => e.GetProperty("text").GetString()!.Contains("not a request for this device", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Requests_from_technicians_not_serving_the_customer_or_for_another_customers_device_are_refused_and_audited()
    {
        var device = await EnrolAsync();
        var contosoTicket = await TicketAsync();
        var fabrikamTicket = await TicketAsync("fabrikam");
        var body = new { deviceId = device.Id, reason = "Titta", expectedMinutes = 5 };
        Assert.Equal(404, (await _remote.RequestConnection(_otherAgent, contosoTicket, body)).Status);   // does not serve contoso
        Assert.Equal(404, (await _remote.RequestConnection(_agent, fabrikamTicket, body)).Status);       // device of another customer
        Assert.Equal(403, (await _remote.RequestConnection(_anna, contosoTicket, body)).Status);         // not a technician
        var events = (await SecurityEventsAsync(device.Id)).Select(e => e.GetProperty("text").GetString()!).ToList();
        Assert.Contains(events, t => t.Contains("does not serve", StringComparison.Ordinal));
        Assert.Contains(events, t => t.Contains("another customer", StringComparison.Ordinal));
        Assert.Equal(0, (await _remote.Poll(device.Id, device.Credential)).Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task A_grant_works_once_for_its_own_ticket_technician_and_time_and_every_misuse_is_audited()
    {
        var device = await EnrolAsync();
        var ticket = await TicketAsync();
        var otherTicket = await TicketAsync();
        var (rid, grant) = await ApprovedAsync(ticket, device);
        var sven = await _app.TokenAsync(new { userId = "a-sven", name = "Sven", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });

        Assert.Equal(403, (await _remote.Start(_agent, rid, grant, otherTicket)).Status);     // another ticket
        Assert.Equal(403, (await _remote.Start(sven, rid, grant, ticket)).Status);            // another technician
        Assert.Equal(403, (await _remote.Start(_agent, rid, grant[..^3] + "AAA", ticket)).Status);  // forged
        Assert.Equal(200, (await _remote.Start(_agent, rid, grant, ticket)).Status);
        Assert.Equal(409, (await _remote.Start(_agent, rid, grant, ticket)).Status);          // used twice

        var (expiring, expiringGrant) = await ApprovedAsync(ticket, device);
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(403, (await _remote.Start(_agent, expiring, expiringGrant, ticket)).Status);

        var events = (await SecurityEventsAsync(device.Id)).Select(e => e.GetProperty("text").GetString()!).ToList();
        Assert.Contains(events, t => t.Contains("presented for " + otherTicket, StringComparison.Ordinal));
        Assert.Contains(events, t => t.Contains("another technician", StringComparison.Ordinal));
        Assert.Contains(events, t => t.Contains("forged", StringComparison.Ordinal));
        Assert.Contains(events, t => t.Contains("already used", StringComparison.Ordinal));
        Assert.Contains(events, t => t.Contains("expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_revoked_device_or_a_customer_that_switched_remote_control_off_gets_nothing_from_then_on()
    {
        var device = await EnrolAsync();
        var ticket = await TicketAsync();
        var pending = await RequestAsync(ticket, device.Id);
        var (approved, grant) = await ApprovedAsync(ticket, device);

        Assert.Equal(403, (await _remote.PutSettings(_fabrikamAdmin, "contoso", new { enabled = false })).Status);
        Assert.Equal(200, (await _remote.PutSettings(_contosoAdmin, "contoso", new { enabled = false })).Status);
        var refused = await _remote.Poll(device.Id, device.Credential);
        Assert.Equal(403, refused.Status);
        Assert.StartsWith("application/problem+json", refused.ContentType, StringComparison.Ordinal);
        Assert.Equal("Fjärrstyrning är avstängd för den här kunden.", refused.Json.GetProperty("reason").GetProperty("sv").GetString());
        Assert.Equal("Remote control is switched off for this customer.", refused.Json.GetProperty("reason").GetProperty("en").GetString());
        Assert.Equal(403, (await _remote.Decide(device.Id, device.Credential, pending, new { approve = true, userId = "u1" })).Status);
        Assert.Equal(403, (await _remote.Start(_agent, approved, grant, ticket)).Status);
        Assert.Equal(403, (await _remote.RequestConnection(_agent, ticket, new { deviceId = device.Id, reason = "Igen" })).Status);
        Assert.Equal(403, (await _remote.Enrol(new { enrolmentKey = await KeyAsync(), hostname = "PC-9", os = "Windows 11", hardwareId = "SN-9" })).Status);

        Assert.Equal(200, (await _remote.PutSettings(_admin, "contoso", new { enabled = true })).Status);
        Assert.Single((await _remote.Poll(device.Id, device.Credential)).Json.GetProperty("items").EnumerateArray());
        Assert.Equal(403, (await _remote.Revoke(_agent, device.Id)).Status);
        Assert.Equal("revoked", (await _remote.Revoke(_contosoAdmin, device.Id)).Get("status"));
        Assert.Equal(403, (await _remote.Poll(device.Id, device.Credential)).Status);
        Assert.Equal(403, (await _remote.Decide(device.Id, device.Credential, pending, new { approve = true, userId = "u1" })).Status);
        Assert.Equal(403, (await _remote.Start(_agent, approved, grant, ticket)).Status);
        Assert.Equal(409, (await _remote.RequestConnection(_agent, ticket, new { deviceId = device.Id, reason = "Igen" })).Status);
        Assert.Equal(403, (await _remote.Heartbeat(device.Id, device.Credential)).Status);
    }
}
