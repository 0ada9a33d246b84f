using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ServiceDesk.EndToEndTests.Portal;

/// <summary>Customer isolation as the portal shows it: a user of customer B sees nothing of customer A's tickets.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalIsolationTests(PortalHostFixture f)
{
    private async Task<string> TicketOfCustomerAAsync(string title)
    {
        var token = await f.UserTokenAsync("alice", PortalHostFixture.CustomerA);
        return (await f.SendAsync(HttpMethod.Post, "api/tickets", token,
            new { kind = "Incident", title, description = "Hemligt för andra kunder.", impact = "Low", urgency = "Low" })).GetProperty("number").GetString()!;
    }

    [Fact]
    public async Task A_user_of_another_customer_opening_a_ticket_address_sees_not_found_and_nothing_of_the_ticket()
    {
        var number = await TicketOfCustomerAAsync("Kund A:s löneserver");
        await using var p = await f.NewPageAsync();
        await p.SignInAsync("bertil", "Bertil B", PortalHostFixture.CustomerB);
        await p.OpenAsync($"#/tickets/{number}");
        await Expect(p.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Ärendet finns inte, eller så har du inte behörighet att se det.");
        await Expect(p.Page.Locator("body")).Not.ToContainTextAsync("löneserver");
        Assert.Equal(0, await p.Page.Locator("#comment-form, .timeline").CountAsync());
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("09-not-found-other-customer");
        p.AssertNothingWentWrong();
    }

    [Fact]
    public async Task The_list_of_a_user_of_another_customer_does_not_contain_the_tickets()
    {
        var number = await TicketOfCustomerAAsync("Kund A:s skrivare");
        var mine = (await f.SendAsync(HttpMethod.Post, "api/tickets", await f.UserTokenAsync("bertil", PortalHostFixture.CustomerB),
            new { kind = "Incident", title = "Bertils ärende", description = "Mitt eget.", impact = "Low", urgency = "Low" })).GetProperty("number").GetString()!;

        await using var p = await f.NewPageAsync();
        await p.SignInAsync("bertil", "Bertil B", PortalHostFixture.CustomerB);
        await Expect(p.Page.Locator($"tr[data-number='{mine}']")).ToBeVisibleAsync();
        Assert.Equal(0, await p.Page.Locator($"tr[data-number='{number}']").CountAsync());
        await Expect(p.Page.Locator("main")).Not.ToContainTextAsync("Kund A:s skrivare");
        // Every status, not only the open ones.
        await p.Page.GetByLabel("Status").SelectOptionAsync("");
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Filtrera" }).ClickAsync();
        await Expect(p.Page.Locator($"tr[data-number='{mine}']")).ToBeVisibleAsync();
        Assert.Equal(0, await p.Page.Locator($"tr[data-number='{number}']").CountAsync());
        p.AssertNothingWentWrong();
    }

    [Fact]
    public async Task An_approver_of_another_customer_sees_no_approvals_of_it()
    {
        await using var p = await f.NewPageAsync();
        await p.SignInAsync("maja", "Maja B", PortalHostFixture.CustomerB, "Approver");
        await p.OpenAsync("#/approvals");
        await Expect(p.Page.Locator("#approvals")).ToContainTextAsync("Inget väntar på ditt godkännande.");
        Assert.Equal(0, await p.Page.Locator(".approval").CountAsync());
        p.AssertNothingWentWrong();
    }
}
