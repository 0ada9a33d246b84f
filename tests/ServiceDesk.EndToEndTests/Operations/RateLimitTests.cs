using System.Net;
using System.Net.Http.Json;
using System.Text;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.EndToEndTests.Operations;

/// <summary>A local host with small rate limits: ticket create 3 per 3 s per caller, the anonymous surfaces 2 a minute per address.</summary>
public sealed class RateLimitHostFixture : IAsyncLifetime
{
    public const int CreatesPerWindow = 3;
    public const int AnonymousPerMinute = 2;
    public const string Customer = "rl-acme";
    private static int _address;

    public AzuriteProcess Azurite { get; private set; } = null!;
    public LocalFunctionsHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public ApiClient Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartAsync();
        var options = TestHosts.Options(Azurite, "RateLimitHub", TestHosts.NeverDuringTests);
        var s = options.Settings;
        s["ServiceDesk__RateLimits__PortalCreate__PermitLimit"] = CreatesPerWindow.ToString();
        s["ServiceDesk__RateLimits__PortalCreate__Window"] = "00:00:03";
        foreach (var surface in new[] { "InboundMail", "DevToken", "SignedLinks", "VendorCallbacks" })
        {
            s[$"ServiceDesk__RateLimits__{surface}__PermitLimit"] = AnonymousPerMinute.ToString();
            s[$"ServiceDesk__RateLimits__{surface}__Window"] = "00:01:00";
        }
        Host = await LocalFunctionsHost.StartAsync(options);
        Client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Api = new ApiClient(Client);
        var admin = await TokenAsync(new { userId = "admin1", name = "Ada Admin", customerId = "supplier", roles = new[] { "Admin" } });
        using var put = await Api.SendAsync(HttpMethod.Put, $"api/customers/{Customer}", admin,
            new { name = "RL", emailDomains = new[] { Customer + ".se" }, defaultLanguage = "sv" });
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
    }

    /// <summary>A client address of its own (documentation range), so no two calls of the tests share a partition by accident.</summary>
    public static string NewAddress() => $"203.0.113.{Interlocked.Increment(ref _address)}";

    /// <summary>A development token minted from an address of its own (the dev-token limit is per address).</summary>
    public async Task<string> TokenAsync(object claims)
    {
        using var response = await SendAsync(HttpMethod.Post, "api/dev/token", NewAddress(), JsonContent.Create(claims));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await ApiClient.JsonAsync(response)).GetProperty("token").GetString()!;
    }

    /// <summary>An anonymous request as if from <paramref name="address"/> (the last X-Forwarded-For entry is the client's address).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string address, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Forwarded-For", $"198.51.100.99, {address}");
        return await Client.SendAsync(request);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Host is not null) await Host.StopAsync();
        if (Azurite is not null) await Azurite.DisposeAsync();
    }
}

public sealed class RateLimitTests(RateLimitHostFixture f) : IClassFixture<RateLimitHostFixture>
{
    public static TheoryData<string, string, string> AnonymousSurfaces => new()
    {
        { "POST", "api/inbound/email", "message/rfc822" },
        { "POST", "api/dev/token", "application/json" },
        { "GET", "api/approvals/link?token=not-a-token", "" },
        { "POST", "api/approvals/link", "application/x-www-form-urlencoded" },
        { "POST", "api/vendors/nobody/callback", "application/json" },
    };

    [Theory]
    [MemberData(nameof(AnonymousSurfaces))]
    public async Task An_anonymous_surface_refuses_the_call_over_its_limit_from_one_address_with_429_and_Retry_After_and_serves_another_address(
        string method, string path, string contentType)
    {
        var address = RateLimitHostFixture.NewAddress();
        HttpContent? Body() => contentType.Length == 0 ? null : new StringContent(contentType switch
        {
            "message/rfc822" => "From: someone@rl-acme.se\r\nTo: support@servicedesk.local\r\nSubject: x\r\nMessage-ID: <" + Guid.NewGuid() + "@rl-acme.se>\r\n\r\nHello\r\n",
            "application/x-www-form-urlencoded" => "token=not-a-token",
            _ => "{\"userId\":\"u1\",\"name\":\"U\",\"customerId\":\"rl-acme\"}",
        }, Encoding.UTF8, contentType);

        for (var i = 0; i < RateLimitHostFixture.AnonymousPerMinute; i++)
        {
            using var allowed = await f.SendAsync(new HttpMethod(method), path, address, Body());
            Assert.NotEqual(HttpStatusCode.TooManyRequests, allowed.StatusCode);
        }
        using (var refused = await f.SendAsync(new HttpMethod(method), path, address, Body()))
        {
            await AssertTooManyRequestsAsync(refused, maxRetryAfterSeconds: 60);
        }
        using var other = await f.SendAsync(new HttpMethod(method), path, RateLimitHostFixture.NewAddress(), Body());
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task Ticket_creation_is_limited_per_caller_another_caller_is_unaffected_and_the_window_resets()
    {
        var anna = await UserTokenAsync("u-anna");
        var bert = await UserTokenAsync("u-bert");

        // The window starts at the caller's first call; should it turn over during the burst, more calls get through.
        var created = 0;
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 4 * RateLimitHostFixture.CreatesPerWindow && refused is null; i++)
        {
            var response = await CreateAsync(anna);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                refused = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                created++;
                response.Dispose();
            }
        }
        Assert.NotNull(refused);
        Assert.True(created >= RateLimitHostFixture.CreatesPerWindow, $"only {created} tickets before the first 429");
        await AssertTooManyRequestsAsync(refused!, maxRetryAfterSeconds: 3);
        refused!.Dispose();

        using (var other = await CreateAsync(bert))
        {
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        }

        // After the window (3 s) the caller may create again.
        await Eventually.ReturnsAsync(async () =>
        {
            using var again = await CreateAsync(anna);
            return again.StatusCode;
        }, status => status == HttpStatusCode.Created, TimeSpan.FromSeconds(30), "a create after the window");
    }

    private Task<string> UserTokenAsync(string userId) =>
        f.TokenAsync(new { userId, name = userId, customerId = RateLimitHostFixture.Customer, roles = new[] { "EndUser" } });

    private Task<HttpResponseMessage> CreateAsync(string token) =>
        f.Api.SendAsync(HttpMethod.Post, "api/tickets", token,
            new { kind = "Incident", title = "Skärmen flimrar", description = "Sedan i morse.", impact = "Low", urgency = "Low" });

    private static async Task AssertTooManyRequestsAsync(HttpResponseMessage response, int maxRetryAfterSeconds)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter!.Value.TotalSeconds, 1, maxRetryAfterSeconds);
        var problem = await ApiClient.JsonAsync(response);
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("rate-limited", problem.GetProperty("code").GetString());
    }
}
