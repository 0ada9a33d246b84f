using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.EndToEndTests.Portal;

/// <summary>
/// The local host (real Durable engine over its own Azurite) and a headless Chromium — Debian's system browser, no
/// download — for the portal's browser tests. Two customers (<see cref="CustomerA"/>, <see cref="CustomerB"/>) for the
/// isolation rules. Screenshots go to <c>TestResults/portal-screenshots</c> at the repository root.
/// </summary>
public sealed class PortalHostFixture : IAsyncLifetime
{
    public const string CustomerA = "portal-a";
    public const string CustomerB = "portal-b";
    public const string ChromiumPath = "/usr/bin/chromium";

    public AzuriteProcess Azurite { get; private set; } = null!;
    public LocalFunctionsHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public ApiClient Api { get; private set; } = null!;
    public string Admin { get; private set; } = null!;
    public string Agent { get; private set; } = null!;
    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string ScreenshotDirectory { get; } = Path.Combine(RepositoryRoot(), "TestResults", "portal-screenshots");

    /// <summary>The portal's address as a user types it: <c>/portal</c> (redirected to <c>/api/portal/</c>).</summary>
    public string PortalUrl => new Uri(Host.BaseAddress, "portal").ToString();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The portal tests need Debian's chromium at {ChromiumPath} (.ci/run installs it: apt-get install chromium).");
        }
        Azurite = await AzuriteProcess.StartAsync();
        var options = TestHosts.Options(Azurite, "PortalHub", TestHosts.NeverDuringTests);
        options.Settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.250";
        Host = await LocalFunctionsHost.StartAsync(options);
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Api = new ApiClient(Client);
        Admin = await Api.TokenAsync(new { userId = "admin1", name = "Ada Admin", customerId = "supplier", roles = new[] { "Admin" } });
        Agent = await Api.TokenAsync(new { userId = "agent1", name = "Axel Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });
        await Api.PutCustomerAsync(CustomerA);
        await Api.PutCustomerAsync(CustomerB);
        Directory.CreateDirectory(ScreenshotDirectory);

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The CI machine runs as root, where Chromium's sandbox cannot start.
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh browser context (its own sessionStorage and localStorage) with Swedish as the browser language.</summary>
    public async Task<PortalPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "sv-SE",
            ViewportSize = new ViewportSize { Width = 1280, Height = 860 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        return new PortalPage(this, context, page);
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, string token, object? body = null, string? ifMatch = null)
    {
        using var response = await Api.SendAsync(method, path, token, body, ifMatch);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<string> ETagAsync(string number)
    {
        using var response = await Api.SendAsync(HttpMethod.Get, $"api/tickets/{number}", Agent);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.Tag;
    }

    public Task<string> UserTokenAsync(string userId, string customer, params string[] roles) =>
        Api.TokenAsync(new { userId, name = userId, email = $"{userId}@{customer}.se", customerId = customer, roles = roles.Length == 0 ? ["EndUser"] : roles });

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ServiceDesk.Functions.sln"))) dir = dir.Parent;
        return dir?.FullName ?? AppContext.BaseDirectory;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Playwright?.Dispose();
        Client?.Dispose();
        if (Host is not null) await Host.StopAsync();
        if (Azurite is not null) await Azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalHostFixture>
{
    public const string Name = "portal";
}
