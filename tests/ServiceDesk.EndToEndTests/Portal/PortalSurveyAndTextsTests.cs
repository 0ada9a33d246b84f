using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ServiceDesk.EndToEndTests.Portal;

/// <summary>
/// Portal flows over the satisfaction survey (<c>GET/PUT
/// /api/tickets/{number}/survey</c>) and the error texts (<c>GET /api/texts</c>, <c>code</c> and <c>fieldErrors</c> in
/// problem+json). Without those routes the portal hides the survey and shows its own generic texts.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PortalSurveyAndTextsTests(PortalHostFixture f)
{
    [Fact]
    public async Task The_requester_answers_the_survey_of_a_resolved_ticket()
    {
        var token = await f.UserTokenAsync("sara", PortalHostFixture.CustomerA);
        var number = (await f.SendAsync(HttpMethod.Post, "api/tickets", token,
            new { kind = "Incident", title = "Tangentbordet saknar tangenter", description = "Å, Ä och Ö.", impact = "Low", urgency = "Low" })).GetProperty("number").GetString()!;
        await f.SendAsync(HttpMethod.Post, $"api/tickets/{number}/transitions/resolve", f.Agent,
            new { resolutionCode = "Solved", resolutionNotes = "Nytt tangentbord." }, await f.ETagAsync(number));

        await using var p = await f.NewPageAsync();
        await p.SignInAsync("sara", "Sara Svensson", PortalHostFixture.CustomerA);
        await p.OpenAsync($"#/tickets/{number}");
        await p.Page.GetByRole(AriaRole.Link, new() { Name = "Svara på enkäten" }).ClickAsync();
        await Expect(p.Page.GetByRole(AriaRole.Heading, new() { Name = $"Enkät om ärende {number}" })).ToBeVisibleAsync();
        await p.Page.GetByLabel("4 – Nöjd").CheckAsync();
        await p.Page.GetByLabel("Kommentar (valfri)").FillAsync("Snabb hjälp <i>tack</i>!");
        await p.AssertAccessibleAsync();
        await p.ScreenshotAsync("10-survey");
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Skicka svar" }).ClickAsync();
        await Expect(p.Page.GetByText("Tack för ditt svar!")).ToBeVisibleAsync();
        await Expect(p.Page.GetByText("Du svarade 4 av 5.")).ToBeVisibleAsync();

        var survey = await f.SendAsync(HttpMethod.Get, $"api/tickets/{number}/survey", token);
        Assert.Equal(4, survey.GetProperty("rating").GetInt32());
        Assert.Equal("Snabb hjälp <i>tack</i>!", survey.GetProperty("comment").GetString());
        p.AssertNothingWentWrong();
    }

    [Fact]
    public async Task A_field_error_is_shown_with_the_swedish_text_of_its_rule()
    {
        // What the API says about a ticket without a title, and the Swedish text it publishes for that rule.
        var token = await f.UserTokenAsync("tore", PortalHostFixture.CustomerA);
        using var refused = await f.Api.SendAsync(HttpMethod.Post, "api/tickets", token, new { kind = "Incident", description = "x", impact = "Low", urgency = "Low" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var fieldError = (await Infrastructure.ApiClient.JsonAsync(refused)).GetProperty("fieldErrors").EnumerateArray().First(e => e.GetProperty("field").GetString() == "title");
        using var textsResponse = await f.Client.GetAsync("api/texts");
        var texts = JsonDocument.Parse(await textsResponse.Content.ReadAsStringAsync()).RootElement;
        var expected = texts.GetProperty("fieldRules").GetProperty(fieldError.GetProperty("rule").GetString()!).GetProperty("sv").GetString()!
            .Replace("{field}", texts.GetProperty("fields").GetProperty("title").GetProperty("sv").GetString(), StringComparison.Ordinal);

        await using var p = await f.NewPageAsync();
        await p.SignInAsync("tore", "Tore Text", PortalHostFixture.CustomerA);
        await p.OpenAsync("#/new");
        await p.Page.GetByLabel("Beskrivning", new() { Exact = true }).FillAsync("x");
        await p.Page.GetByRole(AriaRole.Button, new() { Name = "Skicka ärende" }).ClickAsync();
        await Expect(p.Page.Locator(".field[data-field='title'] .field-error")).ToHaveTextAsync(expected);
        p.AssertNothingWentWrong();
    }
}
