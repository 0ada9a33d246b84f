using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
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
}
