using System.Text.Json;
using Microsoft.Playwright;

namespace ServiceDesk.EndToEndTests.Portal;

/// <summary>One browser tab on the portal: sign-in, screenshots, the accessibility check, and what the page did wrong
/// (dialogs opened, Content-Security-Policy violations, script errors).</summary>
public sealed class PortalPage : IAsyncDisposable
{
    private static readonly string AxeSource = File.ReadAllText(Path.Combine(FindNodeModules(), "axe-core", "axe.min.js"));
    private readonly PortalHostFixture _f;
    private readonly IBrowserContext _context;

    public PortalPage(PortalHostFixture f, IBrowserContext context, IPage page)
    {
        _f = f;
        _context = context;
        Page = page;
        page.Dialog += (_, dialog) =>
        {
            Dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error") ConsoleErrors.Add(message.Text);
        };
        page.PageError += (_, error) => ConsoleErrors.Add(error);
    }

    public IPage Page { get; }
    public List<string> Dialogs { get; } = [];
    public List<string> ConsoleErrors { get; } = [];

    public async Task OpenAsync(string hash = "")
    {
        await Page.GotoAsync(_f.PortalUrl + hash);
        await Page.WaitForSelectorAsync("main#main");
    }

    /// <summary>Signs in with the development token form, as a user types it.</summary>
    public async Task SignInAsync(string userId, string name, string customer, string role = "EndUser")
    {
        await OpenAsync("#/sign-in");
        await Page.GetByLabel("Användar-id", new() { Exact = true }).FillAsync(userId);
        await Page.GetByLabel("Namn", new() { Exact = true }).FillAsync(name);
        await Page.GetByLabel("E-post", new() { Exact = true }).FillAsync($"{userId}@{customer}.se");
        await Page.GetByLabel("Organisation (kund-id)", new() { Exact = true }).FillAsync(customer);
        await Page.GetByLabel("Roll", new() { Exact = true }).SelectOptionAsync(role);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Logga in" }).ClickAsync();
        await Page.WaitForSelectorAsync("#sign-out");
    }

    public async Task ScreenshotAsync(string name)
    {
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(_f.ScreenshotDirectory, name + ".png"), FullPage = true });
    }

    /// <summary>Runs axe-core in the page (evaluated by the driver, so the page's CSP does not block it) and fails on serious or critical violations.</summary>
    public async Task AssertAccessibleAsync()
    {
        await Page.EvaluateAsync(AxeSource);
        var violations = await Page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
        Assert.True(violations.GetArrayLength() == 0, "axe-core: " + string.Join("; ", violations.EnumerateArray().Select(v => v.GetString())));
    }

    /// <summary>No dialog opened, no CSP violation, no uncaught script error.</summary>
    public void AssertNothingWentWrong()
    {
        Assert.Empty(Dialogs);
        Assert.DoesNotContain(ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(ConsoleErrors, e => !e.Contains("Failed to load resource", StringComparison.Ordinal));
    }

    private static string FindNodeModules()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "node_modules", "axe-core"))) dir = dir.Parent;
        return dir is null
            ? throw new InvalidOperationException("node_modules/axe-core not found: run npm ci at the repository root.")
            : Path.Combine(dir.FullName, "node_modules");
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
