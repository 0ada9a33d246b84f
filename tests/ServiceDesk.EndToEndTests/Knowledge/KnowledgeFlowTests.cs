using System.Diagnostics;
using System.Net;
using System.Text.Json;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.EndToEndTests.Workflows;

namespace ServiceDesk.EndToEndTests.Knowledge;

/// <summary>
/// The knowledge base over real HTTP on the local host: staff write and publish articles in Swedish and English, an
/// admin gives a customer redirect topics; end users get suggestions while they write (English and Swedish, no
/// diacritics), never see an internal article, get a redirect instead of an article for payroll, and a ticket opened
/// anyway comes back resolved as redirected with the guidance as a public comment — which is also mailed to them
/// (smtp4dev). Feedback and a query full of Lucene syntax answer normally.
/// </summary>
public sealed class KnowledgeFlowTests(MailWorkflowHostFixture f) : IClassFixture<MailWorkflowHostFixture>
{
    private const string Customer = MailWorkflowHostFixture.Customer;

    private const string PayrollGuidanceSv = "Frågor om lön och löneutbetalning hanteras av HR. Använd HR-portalen.";

    [Fact]
    public async Task Articles_are_suggested_searched_and_payroll_is_redirected_over_HTTP()
    {
        var clock = Stopwatch.StartNew();

        // Staff write and publish the knowledge base (one article goes through review first).
        var vpn = await PublishAsync(new
        {
            type = "instruction",
            translations = new
            {
                sv = new { title = "Anslut till VPN med GlobalProtect", body = "Starta **GlobalProtect**, ange portalen `vpn.example.se` och logga in. Om VPN inte ansluter hemifrån: starta om datorn och försök igen." },
                en = new { title = "Connect to the VPN with GlobalProtect", body = "Open **GlobalProtect**, enter the portal `vpn.example.se` and sign in. If the VPN will not connect from home, restart the computer and try again." },
            },
            tags = new[] { "vpn", "globalprotect", "remote" },
            services = new[] { "network" },
            audience = "allCustomers",
        }, review: true);
        var password = await PublishAsync(new
        {
            type = "instruction",
            translations = new
            {
                sv = new { title = "Återställ ditt lösenord", body = "Gå till lösenordsportalen, välj *Glömt lösenord* och följ stegen. Det nya lösenordet gäller direkt." },
                en = new { title = "Reset your password", body = "Go to the password portal, choose *Forgot password* and follow the steps. The new password works at once." },
            },
            tags = new[] { "password", "lösenord" },
            services = new[] { "identity" },
            audience = "allCustomers",
        });
        var printer = await PublishAsync(new
        {
            type = "solution",
            translations = new
            {
                sv = new { title = "Nätverksskrivaren skriver inte ut", body = "Om skrivaren inte skriver ut: kontrollera att nätverksskrivaren är påslagen, rensa utskriftskön och lägg till skrivaren igen." },
                en = new { title = "The network printer does not print", body = "If the printer does not print: check that the network printer is on, clear the print queue and add the printer again." },
            },
            tags = new[] { "printer", "skrivare", "utskrift" },
            services = new[] { "printing" },
            audience = "allCustomers",
        });
        var outlook = await PublishAsync(new
        {
            type = "instruction",
            translations = new
            {
                sv = new { title = "Skapa en signatur i Outlook", body = "I Outlook: Arkiv → Alternativ → E-post → Signaturer. Skapa en ny signatur och välj den för nya meddelanden." },
                en = new { title = "Create an Outlook signature", body = "In Outlook: File → Options → Mail → Signatures. Create a new signature and choose it for new messages." },
            },
            tags = new[] { "outlook", "signatur", "signature", "mail" },
            services = new[] { "mail" },
            audience = "allCustomers",
        });
        var teams = await PublishAsync(new
        {
            type = "faq",
            translations = new
            {
                sv = new { title = "Inget ljud i Teams-möten", body = "Välj rätt högtalare och mikrofon under Enhetsinställningar i Teams. Kontrollera att headsetet är anslutet innan mötet startar." },
                en = new { title = "No audio in Teams meetings", body = "Choose the right speaker and microphone under Device settings in Teams. Check that the headset is connected before the meeting starts." },
            },
            tags = new[] { "teams", "audio", "ljud", "headset" },
            services = new[] { "collaboration" },
            audience = "allCustomers",
        });
        var runbook = await PublishAsync(new
        {
            type = "process",
            translations = new
            {
                sv = new { title = "Intern rutin: starta om VPN-koncentratorn", body = "Endast för drift: starta om VPN-koncentratorn via jumphost och kontrollera GlobalProtect-gatewayn." },
                en = new { title = "Internal runbook: restart the VPN concentrator", body = "Operations only: restart the VPN concentrator through the jump host and check the GlobalProtect gateway." },
            },
            tags = new[] { "vpn", "runbook", "concentrator" },
            services = new[] { "network" },
            audience = "internal",
        });

        // The customer's topics that are not the supplier's.
        await f.SendOkAsync(HttpMethod.Put, $"api/customers/{Customer}/redirects", f.Admin, new
        {
            topics = new object[]
            {
                new
                {
                    id = "payroll", name = new { sv = "Lön", en = "Payroll" }, keywords = new[] { "lön", "löner", "lönespecifikation", "payroll", "salary" },
                    handledBy = "HR", contact = "https://hr.wf-mail.se",
                    guidance = new { sv = PayrollGuidanceSv, en = "Payroll questions are handled by HR. Use the HR portal." },
                },
                new
                {
                    id = "facilities", name = new { sv = "Fastighet", en = "Facilities" }, keywords = new[] { "lokaler", "städning", "ventilation", "facilities" },
                    handledBy = "Fastighet", contact = "fastighet@wf-mail.se, 010-123 45 67",
                    guidance = new { sv = "Lokaler och städning hanteras av Fastighet.", en = "Premises and cleaning are handled by Facilities." },
                },
            },
        });

        var english = await f.Api.TokenAsync(new { userId = "u-kb-en", name = "Emma English", email = MailWorkflowHostFixture.Address("u-kb-en"), customerId = Customer, roles = new[] { "EndUser" } });
        var swedish = await f.Api.TokenAsync(new { userId = "u-kb-sv", name = "Sven Svensson", email = MailWorkflowHostFixture.Address("u-kb-sv"), customerId = Customer, roles = new[] { "EndUser" } });

        // Suggestions while the user writes: the right article first, in the user's language.
        var vpnSuggest = await SuggestAsync(english, new { title = "cant connect to vpn from home", language = "en" });
        var first = vpnSuggest.GetProperty("articles")[0];
        Assert.Equal((vpn, "en"), (first.GetProperty("id").GetString(), first.GetProperty("language").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(first.GetProperty("reason").GetString()));
        Assert.True(IsNull(vpnSuggest, "redirect"), vpnSuggest.ToString());

        var printerSuggest = await SuggestAsync(swedish, new { title = "skrivaren pa plan 3 skriver inte ut", language = "sv" });
        first = printerSuggest.GetProperty("articles")[0];
        Assert.Equal((printer, "sv"), (first.GetProperty("id").GetString(), first.GetProperty("language").GetString()));

        // The internal article exists for staff, never for an end user (search, suggest, read).
        var staffHits = Ids(await SearchAsync(f.Agent, "VPN-koncentratorn runbook", "sv"));
        Assert.Contains(runbook, staffHits);
        foreach (var q in new[] { "VPN-koncentratorn runbook", "vpn", "globalprotect concentrator jump host", "" })
        {
            var hits = Ids(await SearchAsync(english, q, "en"));
            Assert.DoesNotContain(runbook, hits);
            if (q == "vpn") Assert.Contains(vpn, hits);
        }
        Assert.DoesNotContain(runbook, (await SuggestAsync(english, new { title = "restart the vpn concentrator", language = "en" }))
            .GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("id").GetString()));
        using (var read = await f.Api.SendAsync(HttpMethod.Get, $"api/knowledge/articles/{runbook}", english))
        {
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }
        using (var read = await f.Api.SendAsync(HttpMethod.Get, $"api/knowledge/articles/{vpn}", english))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var article = await ApiClient.JsonAsync(read);
            Assert.Equal("published", article.GetProperty("status").GetString());
            Assert.Contains("<strong>GlobalProtect</strong>", article.GetProperty("translations").GetProperty("en").GetProperty("html").GetString());
        }

        // Payroll is not the service desk's: the suggestion is the redirect, with the Swedish guidance.
        var payroll = await SuggestAsync(swedish, new { title = "Fel på min lön i december", description = "Det saknas OB-tillägg.", language = "sv" });
        var redirect = payroll.GetProperty("redirect");
        Assert.Equal(("payroll", "Lön", "HR"), (redirect.GetProperty("topicId").GetString(), redirect.GetProperty("name").GetString(), redirect.GetProperty("handledBy").GetString()));
        Assert.StartsWith(PayrollGuidanceSv, redirect.GetProperty("guidance").GetString());
        Assert.Contains("Detta hanteras av HR", redirect.GetProperty("guidance").GetString());

        // …and the ticket opened anyway is resolved as redirected at once, the guidance a public comment.
        using var created = await f.Api.SendAsync(HttpMethod.Post, "api/tickets", swedish, new
        {
            kind = "Incident", title = "Fel på min lön i december", description = "Det saknas OB-tillägg.", impact = "Low", urgency = "Medium", language = "sv",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var ticket = await ApiClient.JsonAsync(created);
        var number = ticket.GetProperty("number").GetString()!;
        Assert.Equal(("resolved", "redirected"), (ticket.GetProperty("status").GetString(), ticket.GetProperty("resolutionCode").GetString()));
        using (var activityResponse = await f.Api.SendAsync(HttpMethod.Get, $"api/tickets/{number}/activity?pageSize=100", swedish))
        {
            Assert.Equal(HttpStatusCode.OK, activityResponse.StatusCode);
            var activity = (await ApiClient.JsonAsync(activityResponse)).GetProperty("items").EnumerateArray().ToList();
            var comment = Assert.Single(activity, a => a.GetProperty("type").GetString() == "comment");
            Assert.StartsWith(PayrollGuidanceSv, comment.GetProperty("text").GetString());
            Assert.Equal("redirect", comment.GetProperty("actor").GetProperty("id").GetString());
        }
        var mail = (await f.MailsAsync(MailWorkflowHostFixture.Address("u-kb-sv"), "Nytt svar från servicedesken", seconds: 45))[0];
        Assert.Contains(number, mail.Subject, StringComparison.Ordinal);
        Assert.Contains(PayrollGuidanceSv, mail.TextBody ?? "", StringComparison.Ordinal);

        // Feedback, and a query that would break a query parser.
        using (var feedback = await f.Api.SendAsync(HttpMethod.Post, $"api/knowledge/articles/{printer}/feedback", swedish, new { helpful = true, comment = "Det funkade!" }))
        {
            Assert.Equal(HttpStatusCode.NoContent, feedback.StatusCode);
        }
        using (var feedback = await f.Api.SendAsync(HttpMethod.Post, $"api/knowledge/articles/{runbook}/feedback", swedish, new { helpful = true }))
        {
            Assert.Equal(HttpStatusCode.NotFound, feedback.StatusCode);
        }
        using (var lucene = await f.Api.SendAsync(HttpMethod.Get, $"api/knowledge/search?q={Uri.EscapeDataString("vpn AND (\" *:")}&lang=en", english))
        {
            Assert.True(lucene.StatusCode == HttpStatusCode.OK, await lucene.Content.ReadAsStringAsync());
        }

        _ = (password, outlook, teams);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Creates the article as an agent and publishes it (after submitting it for review if asked); returns its id.</summary>
    private async Task<string> PublishAsync(object article, bool review = false)
    {
        using var created = await f.Api.SendAsync(HttpMethod.Post, "api/knowledge/articles", f.Agent, article);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var draft = await ApiClient.JsonAsync(created);
        var id = draft.GetProperty("id").GetString()!;
        Assert.Equal("draft", draft.GetProperty("status").GetString());
        Assert.EndsWith($"/api/knowledge/articles/{id}", created.Headers.Location!.ToString());
        foreach (var action in review ? new[] { "submit", "publish" } : ["publish"])
        {
            using var moved = await f.Api.SendAsync(HttpMethod.Post, $"api/knowledge/articles/{id}/transitions/{action}", f.Admin);
            Assert.True(moved.StatusCode == HttpStatusCode.OK, $"{action}: {await moved.Content.ReadAsStringAsync()}");
        }
        return id;
    }

    private async Task<JsonElement> SuggestAsync(string token, object draft)
    {
        using var response = await f.Api.SendAsync(HttpMethod.Post, "api/knowledge/suggest", token, draft);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await ApiClient.JsonAsync(response);
    }

    private async Task<JsonElement> SearchAsync(string token, string q, string lang)
    {
        using var response = await f.Api.SendAsync(HttpMethod.Get, $"api/knowledge/search?q={Uri.EscapeDataString(q)}&lang={lang}", token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await ApiClient.JsonAsync(response);
    }

    private static List<string?> Ids(JsonElement page) => page.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()).ToList();

    private static bool IsNull(JsonElement e, string property) => !e.TryGetProperty(property, out var p) || p.ValueKind == JsonValueKind.Null;
}
