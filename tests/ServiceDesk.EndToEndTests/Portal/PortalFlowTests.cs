using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ServiceDesk.EndToEndTests.Portal;

/// <summary>The self-service portal in a real headless Chromium against the local host: what an end user and an approver do.</summary>
[Collection(PortalCollection.Name)]
public sealed class PortalFlowTests(PortalHostFixture f)
{
    private const string ScriptTitle = "Skrivaren <script>alert('titel')</script> är trasig";
    private const string ScriptComment = "Fortfarande fel <img src=x onerror=\"alert('kommentar')\"> efter omstart";

    [Fact]
    public async Task An_end_user_signs_in_opens_an_incident_in_Swedish_finds_it_in_the_list_and_comments_with_script_shown_as_text()
    {
        await using var p = await f.NewPageAsync();
        await p.OpenAsync();
        await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Name = "Logga in" })).ToBeVisibleAsync();
        Assert.Equal("sv", await p.Page.GetAttributeAsync("html", "lang"));
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("01-sign-in");

        await p.SignInAsync("anna", "Anna Andersson", PortalHostFixture.CustomerA);
        await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Name = "Mina ärenden" })).ToBeVisibleAsync();

        await p.Page.GetByRole(AriaRole.Link, new() { Name = "Nytt ärende" }).First.ClickAsync();
        await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Name = "Nytt ärende" })).ToBeVisibleAsync();
        await p.Page.GetByLabel("Rubrik", new() { Exact = true }).FillAsync(ScriptTitle);
        await p.Page.GetByLabel("Beskrivning", new() { Exact = true }).FillAsync("Utskrifter fastnar i kön sedan i morse.\nJag har startat om skrivaren.");
        await p.Page.GetByLabel("Hur många påverkas?").SelectOptionAsync("Medium");
        await p.Page.GetByLabel("Hur brådskande är det?").SelectOptionAsync("High");
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("03-new-ticket");
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Skicka ärende" }).ClickAsync();

        // The ticket page: the title is text, not markup.
        await Expect(p.Page.Locator("#ticket-title")).ToHaveTextAsync(ScriptTitle);
        await Expect(p.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "är registrerat" })).ToBeVisibleAsync();
        var number = (await p.Page.Locator(".page-head .ticket-number").TextContentAsync())!;
        Assert.StartsWith("INC-", number);
        await Expect(p.Page.Locator(".meta")).ToContainTextAsync("2 – Hög");

        await p.Page.GetByLabel("Ny kommentar").FillAsync(ScriptComment);
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Skicka kommentar" }).ClickAsync();
        await Expect(p.Page.Locator(".event-text").Filter(new() { HasText = "Fortfarande fel" })).ToHaveTextAsync(ScriptComment);
        Assert.Equal(0, await p.Page.Locator("main img, main script").CountAsync());
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("04-ticket");

        await p.Page.GetByRole(AriaRole.Link, new() { Name = "Tillbaka till mina ärenden" }).ClickAsync();
        var row = p.Page.Locator($"tr[data-number='{number}']");
        await Expect(row).ToContainTextAsync(ScriptTitle);
        await Expect(row).ToContainTextAsync("Ny");
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("02-my-tickets");

        p.AssertNothingWentWrong();
        var stored = await f.SendAsync(HttpMethod.Get, $"api/tickets/{number}", f.Agent);
        Assert.Equal(ScriptTitle, stored.GetProperty("title").GetString());
    }

    [Fact]
    public async Task English_is_one_click_away_and_remembered_after_a_reload()
    {
        await using var p = await f.NewPageAsync();
        await p.SignInAsync("erik", "Erik Eriksson", PortalHostFixture.CustomerA);
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Name = "My tickets" })).ToBeVisibleAsync();
        Assert.Equal("en", await p.Page.GetAttributeAsync("html", "lang"));

        await p.Page.ReloadAsync();
        await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Name = "My tickets" })).ToBeVisibleAsync();
        await Expect(p.Page.GetByRole(AriaRole.Link, new() { Name = "New ticket" }).First).ToBeVisibleAsync();
        Assert.Equal("en", await p.Page.GetAttributeAsync("html", "lang"));
        // The token lives in sessionStorage only.
        Assert.Equal(0, await p.Page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => localStorage.getItem(k).includes('.')).length"));
        Assert.NotNull(await p.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('sd.session')"));

        // The same page on a phone.
        await p.Page.SetViewportSizeAsync(390, 844);
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("11-my-tickets-phone-en");
        p.AssertNothingWentWrong();
    }

    [Fact]
    public async Task A_validation_error_is_shown_next_to_its_field_in_Swedish()
    {
        await using var p = await f.NewPageAsync();
        await p.SignInAsync("vera", "Vera Valid", PortalHostFixture.CustomerA);
        await p.OpenAsync("#/new");
        await p.Page.GetByLabel("Beskrivning", new() { Exact = true }).FillAsync("Något är fel.");
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Skicka ärende" }).ClickAsync();

        var titleField = p.Page.Locator(".field[data-field='title']");
        await Expect(titleField.Locator(".field-error")).ToBeVisibleAsync();
        await Expect(titleField.Locator(".field-error")).ToContainTextAsync("Rubrik");
        await Expect(p.Page.GetByLabel("Rubrik", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        // The problem's code (validation.failed) shown with its Swedish text from GET /api/texts.
        await Expect(p.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Några uppgifter behöver rättas.");
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("08-validation-error");
        p.AssertNothingWentWrong();
    }

    [Fact]
    public async Task The_requester_cancels_one_ticket_and_reopens_a_resolved_one()
    {
        var token = await f.UserTokenAsync("carl", PortalHostFixture.CustomerA);
        var toCancel = (await f.SendAsync(HttpMethod.Post, "api/tickets", token,
            new { kind = "Incident", title = "Bildskärmen flimrar", description = "Flimrar ibland.", impact = "Low", urgency = "Low" })).GetProperty("number").GetString()!;
        var toReopen = (await f.SendAsync(HttpMethod.Post, "api/tickets", token,
            new { kind = "Incident", title = "VPN kopplar ner", description = "Varje timme.", impact = "Low", urgency = "Medium" })).GetProperty("number").GetString()!;
        await f.SendAsync(HttpMethod.Post, $"api/tickets/{toReopen}/transitions/resolve", f.Agent,
            new { resolutionCode = "Solved", resolutionNotes = "Ny VPN-profil installerad." }, await f.ETagAsync(toReopen));

        await using var p = await f.NewPageAsync();
        await p.SignInAsync("carl", "Carl Carlsson", PortalHostFixture.CustomerA);
        await p.OpenAsync($"#/tickets/{toCancel}");
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Avbryt ärendet" }).ClickAsync();
        await p.Page.GetByLabel("Varför vill du avbryta ärendet?").FillAsync("Det löste sig av sig självt.");
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Bekräfta" }).ClickAsync();
        await Expect(p.Page.Locator(".meta .badge")).ToHaveTextAsync("Avbruten");
        await Expect(p.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Ärendet är avbrutet." })).ToBeVisibleAsync();

        await p.OpenAsync($"#/tickets/{toReopen}");
        await Expect(p.Page.Locator(".meta .badge")).ToHaveTextAsync("Löst");
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Öppna ärendet igen" }).ClickAsync();
        await p.Page.GetByLabel("Vad fungerar fortfarande inte?").FillAsync("Det kopplar fortfarande ner.");
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("05-reopen");
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Bekräfta" }).ClickAsync();
        await Expect(p.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Ärendet är öppnat igen." })).ToBeVisibleAsync();
        await Expect(p.Page.Locator(".meta .badge")).Not.ToHaveTextAsync("Löst");

        Assert.Equal("cancelled", (await f.SendAsync(HttpMethod.Get, $"api/tickets/{toCancel}", f.Agent)).GetProperty("status").GetString());
        Assert.Equal(1, (await f.SendAsync(HttpMethod.Get, $"api/tickets/{toReopen}", f.Agent)).GetProperty("reopenCount").GetInt32());
        p.AssertNothingWentWrong();
    }

    [Fact]
    public async Task A_user_orders_from_the_catalogue_and_the_approver_approves_it_in_the_portal()
    {
        const string customer = PortalHostFixture.CustomerA;
        await f.SendAsync(HttpMethod.Put, $"api/customers/{customer}/users/olle", f.Admin, new { name = "Olle Orderson", email = $"olle@{customer}.se", managerId = "maja", language = "sv" });
        await f.SendAsync(HttpMethod.Put, $"api/customers/{customer}/users/maja", f.Admin, new { name = "Maja Chef", email = $"maja@{customer}.se", language = "sv" });
        await f.SendAsync(HttpMethod.Put, $"api/customers/{customer}/catalog/laptop", f.Admin,
            new { name = "Bärbar dator", description = "Standarddator för kontorsarbete.", approval = "one", approvers = new[] { "manager" }, fulfilmentGroup = "hardware" });

        string number;
        await using (var user = await f.NewPageAsync())
        {
            await user.SignInAsync("olle", "Olle Orderson", customer);
            await user.OpenAsync("#/new");
            await user.Page.GetByLabel("Jag vill beställa något (tjänstebeställning)").CheckAsync();
            await user.Page.GetByLabel("Tjänst från katalogen").SelectOptionAsync("laptop");
            await user.Page.GetByLabel("Beskrivning", new() { Exact = true }).FillAsync("Min gamla dator är sju år.");
            await user.Page.GetByRole(AriaRole.Button, new() { Name = "Skicka beställning" }).ClickAsync();
            await Expect(user.Page.Locator("#ticket-title")).ToHaveTextAsync("Bärbar dator");
            number = (await user.Page.Locator(".page-head .ticket-number").TextContentAsync())!;
            user.AssertNothingWentWrong();
        }

        await using var p = await f.NewPageAsync();
        await p.SignInAsync("maja", "Maja Chef", customer, "Approver");
        var card = p.Page.Locator($".approval[data-ticket='{number}']");
        for (var attempt = 0; attempt < 60 && await card.CountAsync() == 0; attempt++)
        {
            // The approval step opens when the workflow has started (Durable, a moment after the order).
            await Task.Delay(500);
            await p.OpenAsync("#/approvals");
            await p.Page.WaitForSelectorAsync("#approvals > *");
        }
        await Expect(card).ToContainTextAsync("Bärbar dator");
        await card.GetByLabel("Kommentar (valfri)").FillAsync("Godkänt, <b>budget</b> finns.");
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("06-approvals");
        await card.GetByRole(AriaRole.Button, new() { Name = "Godkänn" }).ClickAsync();
        await Expect(p.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Du godkände {number}." })).ToBeVisibleAsync();

        var ticket = await Infrastructure.Eventually.ReturnsAsync(() => f.SendAsync(HttpMethod.Get, $"api/tickets/{number}", f.Agent),
            t => t.GetProperty("status").GetString() == "assigned", TimeSpan.FromSeconds(60), $"{number} approved and assigned");
        Assert.Equal("hardware", ticket.GetProperty("assignmentGroup").GetString());
        p.AssertNothingWentWrong();
    }

    [Fact]
    public async Task An_expired_or_invalid_token_leads_back_to_sign_in()
    {
        await using var p = await f.NewPageAsync();
        await p.SignInAsync("ivar", "Ivar Ivarsson", PortalHostFixture.CustomerA);

        // A token the API no longer accepts (as after a key rotation or revocation): the next call answers 401.
        await p.Page.EvaluateAsync("""
            () => {
              const s = JSON.parse(sessionStorage.getItem('sd.session'));
              s.token = s.token.slice(0, -4) + 'AAAA';
              sessionStorage.setItem('sd.session', JSON.stringify(s));
            }
            """);
        await p.OpenAsync("#/tickets");
        await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Name = "Logga in" })).ToBeVisibleAsync();
        await Expect(p.Page.GetByText("Din session har gått ut. Logga in igen.")).ToBeVisibleAsync();
        Assert.Null(await p.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('sd.session')"));

        // A token past its expiry: back to sign-in before any call.
        await p.SignInAsync("ivar", "Ivar Ivarsson", PortalHostFixture.CustomerA);
        await p.Page.EvaluateAsync("() => { const s = JSON.parse(sessionStorage.getItem('sd.session')); s.exp = 1; sessionStorage.setItem('sd.session', JSON.stringify(s)); }");
        await p.OpenAsync("#/new");
        await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Name = "Logga in" })).ToBeVisibleAsync();
        await Expect(p.Page.GetByText("Din session har gått ut. Logga in igen.")).ToBeVisibleAsync();
        p.AssertNothingWentWrong();
    }

    [Fact]
    public async Task An_ongoing_major_incident_is_shown_in_a_banner_to_the_customers_users()
    {
        const string customer = "portal-mi";
        await f.Api.PutCustomerAsync(customer);
        var reporter = await f.UserTokenAsync("mia", customer);
        var number = (await f.SendAsync(HttpMethod.Post, "api/tickets", reporter,
            new { kind = "Incident", title = "E-posten fungerar inte", description = "Ingen e-post.", impact = "High", urgency = "High" })).GetProperty("number").GetString()!;
        await f.SendAsync(HttpMethod.Post, "api/major-incidents", f.Agent, new
        {
            fromTicket = number, customers = new[] { customer },
            title = new { sv = "E-posten ligger nere", en = "E-mail is down" },
            impact = new { sv = "Ingen kan skicka e-post.", en = "Nobody can send e-mail." },
            message = new { sv = "Vi felsöker e-postservern.", en = "We are troubleshooting the mail server." },
            nextUpdateAt = DateTimeOffset.UtcNow.AddHours(1),
        });

        await using var p = await f.NewPageAsync();
        await p.SignInAsync("mia", "Mia Mejl", customer);
        var banner = p.Page.Locator("#banner .banner");
        await Expect(banner).ToContainTextAsync("Pågående driftstörning: E-posten ligger nere");
        await Expect(banner).ToContainTextAsync("Vi felsöker e-postservern.");
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("07-major-incident-banner");

        await using var other = await f.NewPageAsync();
        await other.SignInAsync("bo", "Bo Berg", PortalHostFixture.CustomerB);
        await Expect(other.Page.GetByRole(AriaRole.Heading, new() { Name = "Mina ärenden" })).ToBeVisibleAsync();
        await other.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Equal(0, await other.Page.Locator("#banner .banner").CountAsync());
        p.AssertNothingWentWrong();
    }

    [Fact]
    public async Task The_list_pages_with_show_more_and_filters_by_status()
    {
        var token = await f.UserTokenAsync("petra", PortalHostFixture.CustomerA);
        var numbers = new List<string>();
        for (var i = 1; i <= 23; i++)
        {
            numbers.Add((await f.SendAsync(HttpMethod.Post, "api/tickets", token,
                new { kind = "Incident", title = $"Ärende nummer {i}", description = "Sidindelning.", impact = "Low", urgency = "Low" })).GetProperty("number").GetString()!);
        }
        await f.SendAsync(HttpMethod.Post, $"api/tickets/{numbers[0]}/transitions/cancel", token, new { reason = "Fel." }, await f.ETagAsync(numbers[0]));

        await using var p = await f.NewPageAsync();
        await p.SignInAsync("petra", "Petra Page", PortalHostFixture.CustomerA);
        var rows = p.Page.Locator("table.tickets tbody tr");
        await Expect(rows).ToHaveCountAsync(20);
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Visa fler" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(22); // the open ones
        Assert.Equal(0, await p.Page.Locator($"tr[data-number='{numbers[0]}']").CountAsync());

        await p.Page.GetByLabel("Status").SelectOptionAsync("cancelled");
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Filtrera" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(p.Page.Locator($"tr[data-number='{numbers[0]}']")).ToContainTextAsync("Avbruten");
        p.AssertNothingWentWrong();
    }

    [Fact]
    public async Task Knowledge_articles_are_suggested_while_the_user_describes_the_problem()
    {
        var created = await f.SendAsync(HttpMethod.Post, "api/knowledge/articles", f.Agent, new
        {
            type = "solution",
            translations = new
            {
                sv = new { title = "Nätverksskrivaren skriver inte ut", body = "Om skrivaren inte skriver ut: kontrollera att nätverksskrivaren är påslagen, rensa utskriftskön och lägg till skrivaren igen." },
                en = new { title = "The network printer does not print", body = "If the printer does not print: check that the network printer is on, clear the print queue and add the printer again." },
            },
            tags = new[] { "printer", "skrivare", "utskrift" },
            audience = "allCustomers",
        });
        await f.SendAsync(HttpMethod.Post, $"api/knowledge/articles/{created.GetProperty("id").GetString()}/transitions/publish", f.Admin);

        await using var p = await f.NewPageAsync();
        await p.SignInAsync("kim", "Kim Kunskap", PortalHostFixture.CustomerA);
        await p.OpenAsync("#/new");
        await p.Page.GetByLabel("Rubrik", new() { Exact = true }).PressSequentiallyAsync("Skrivaren skriver inte ut");
        await p.Page.GetByLabel("Beskrivning", new() { Exact = true }).FillAsync("Utskriftskön är full.");
        var suggestions = p.Page.Locator("aside.suggestions");
        await Expect(suggestions).ToContainTextAsync("Kanske hjälper de här artiklarna");
        await Expect(suggestions).ToContainTextAsync("Nätverksskrivaren skriver inte ut");
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("03b-new-ticket-suggestions");
        p.AssertNothingWentWrong();
    }
}
