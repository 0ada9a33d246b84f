using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServiceDesk.Application.RemoteSessions;
using ServiceDesk.Functions.RemoteSessions;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.RemoteSessions;

/// <summary>
/// The <c>ServiceDesk:RemoteSessions</c> settings: rate limits on enrolment (per client address and per key id),
/// decisions and device calls answer 429 with Retry-After, and the answer timeout and grant lifetime are configurable.
/// </summary>
public sealed class RemoteRateLimitTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private TestApp _app = null!;
    private Api _api = null!;
    private RemoteApiClient _remote = null!;
    private string _admin = null!, _agent = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(
            configure: s =>
            {
                s["ServiceDesk:RemoteSessions:EnrolmentsPerMinute"] = "10";
                s["ServiceDesk:RemoteSessions:DecisionsPerMinute"] = "3";
                s["ServiceDesk:RemoteSessions:RequestAnswerTimeout"] = "00:02:00";
                s["ServiceDesk:RemoteSessions:GrantLifetime"] = "00:01:00";
            },
            overrides: s => s.AddSingleton<TimeProvider>(_clock));
        await _app.SeedCustomerAsync("contoso");
        _api = new Api(_app);
        _remote = new RemoteApiClient(_app);
        _admin = await _app.TokenAsync("admin1", "supplier", "Admin");
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<ApiResponse> EnrolFrom(string address, string key) =>
        _app.SendAsync(r => _app.Get<DevicesApi>().Enrol(r), "POST", "/api/devices/enrol",
            new { enrolmentKey = key, hostname = "PC-ANNA", os = "Windows 11", hardwareId = "SN-1" },
            headers: new Dictionary<string, string> { ["X-Forwarded-For"] = $"198.51.100.1, {address}:50123" });

    private async Task<string> KeyAsync()
    {
        var key = await _remote.CreateKey(_admin, "contoso", new { label = "laptops", owner = new { userId = "u1", name = "Anna", email = "anna@contoso.se" } });
        Assert.True(key.Status == 201, key.ToString());
        return key.Get("key");
    }

    private async Task<(string Id, string Credential)> EnrolAsync()
    {
        var enrolled = await EnrolFrom("192.0.2.10", await KeyAsync());
        Assert.True(enrolled.Status == 201, enrolled.ToString());
        return (enrolled.Get("deviceId"), enrolled.Get("credential"));
    }

    private async Task<(string Ticket, string Rid)> RequestAsync(string deviceId, string? ticket = null)
    {
        if (ticket is null)
        {
            var created = await _api.Create(_agent, new { kind = "Incident", title = "Skrivaren", description = "Jobben fastnar.", customerId = "contoso", requester = new { name = "Anna", email = "anna@contoso.se" } });
            Assert.True(created.Status == 201, created.ToString());
            ticket = created.Get("number");
        }
        var request = await _remote.RequestConnection(_agent, ticket, new { deviceId, reason = "Kontrollera drivrutinen" });
        Assert.True(request.Status == 201, request.ToString());
        return (ticket, request.Get("id"));
    }

    private static void AssertTooManyRequests(ApiResponse response)
    {
        Assert.True(response.Status == 429, response.ToString());
        Assert.StartsWith("application/problem+json", response.ContentType, StringComparison.Ordinal);
        Assert.Equal("remote.rate-limited", response.Get("code"));
        var retryAfter = int.Parse(response.Headers.RetryAfter.ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
    }

    [Fact]
    public async Task Eleven_wrong_keys_from_one_address_get_429_with_Retry_After_and_other_addresses_still_enrol()
    {
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(401, (await EnrolFrom("203.0.113.7", $"ek-guess{i}.wrongsecret")).Status);
        }
        AssertTooManyRequests(await EnrolFrom("203.0.113.7", "ek-guess11.wrongsecret"));
        AssertTooManyRequests(await EnrolFrom("203.0.113.7", await KeyAsync()));   // even a valid key, from that address, this minute

        var enrolled = await EnrolFrom("203.0.113.8", await KeyAsync());
        Assert.True(enrolled.Status == 201, enrolled.ToString());
    }

    [Fact]
    public async Task Guesses_at_one_key_id_from_many_addresses_get_429()
    {
        var key = await KeyAsync();
        var id = key.Split('.')[0];
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(401, (await EnrolFrom($"203.0.113.{i}", id + ".wrongsecret")).Status);
        }
        AssertTooManyRequests(await EnrolFrom("203.0.113.50", key));
    }

    [Fact]
    public async Task A_decision_flood_gets_429_and_one_security_event_on_the_device()
    {
        var device = await EnrolAsync();
        var (_, rid) = await RequestAsync(device.Id);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(401, (await _remote.Decide(device.Id, "wrong", rid, new { approve = true })).Status);
        }
        AssertTooManyRequests(await _remote.Decide(device.Id, device.Credential, rid, new { approve = true, userId = "u1" }));
        AssertTooManyRequests(await _remote.Decide(device.Id, "wrong", rid, new { approve = true }));

        Assert.Equal("pending", (await _remote.GetRequest(_agent, rid)).Get("status"));
        Assert.Equal(200, (await _remote.Poll(device.Id, device.Credential)).Status);   // polls have their own, larger limit
        var audit = (await _remote.Audit(_admin, device.Id)).Json.GetProperty("items").EnumerateArray().ToList();
        var limited = audit.Where(e => e.GetProperty("text").GetString()!.Contains("rate limit", StringComparison.Ordinal)).ToList();
        var entry = Assert.Single(limited);
        Assert.True(entry.GetProperty("security").GetBoolean());
    }

    [Fact]
    public async Task The_configured_answer_timeout_and_grant_lifetime_apply()
    {
        var device = await EnrolAsync();
        var (ticket, rid) = await RequestAsync(device.Id);
        var request = (await _remote.GetRequest(_agent, rid)).Json;
        Assert.Equal(TimeSpan.FromMinutes(2), Time(request, "answerBy") - Time(request, "createdAt"));

        var approved = await _remote.Decide(device.Id, device.Credential, rid, new { approve = true, userId = "u1" });
        Assert.True(approved.Status == 200, approved.ToString());
        Assert.Equal(TimeSpan.FromMinutes(1), Time(approved.Json, "grantExpiresAt") - Time(approved.Json, "answeredAt"));
        var grant = (await _remote.GetRequest(_agent, rid)).Get("grant");
        _clock.Advance(TimeSpan.FromSeconds(61));   // within the default 10 minutes, past the configured 1
        Assert.Equal("grantExpired", (await _remote.GetRequest(_agent, rid)).Get("status"));
        Assert.Equal(403, (await _remote.Start(_agent, rid, grant, ticket)).Status);

        var (_, late) = await RequestAsync(device.Id, ticket);
        _clock.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));   // within the default 5 minutes, past the configured 2
        var refused = await _remote.Decide(device.Id, device.Credential, late, new { approve = true, userId = "u1" });
        Assert.Equal(409, refused.Status);
        Assert.Equal("remote-request.expired", refused.Get("code"));
    }

    [Fact]
    public async Task Invalid_settings_are_refused()
    {
        await using var app = await TestApp.StartAsync(configure: s => s["ServiceDesk:RemoteSessions:GrantLifetime"] = "00:00:00");
        var e = Assert.Throws<OptionsValidationException>(() => app.Get<IOptions<RemoteSessionOptions>>().Value);
        Assert.Contains("GrantLifetime", e.Message, StringComparison.Ordinal);
    }

    private static DateTimeOffset Time(JsonElement json, string property) => json.GetProperty(property).GetDateTimeOffset();
}
