using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ServiceDesk.Application.Knowledge;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Knowledge;
using ServiceDesk.Functions.Knowledge;
using ServiceDesk.Functions.ProblemManagement;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Knowledge;

/// <summary>
/// The knowledge base on Azurite: lifecycle and versions, missing translations, audience isolation across customers,
/// sanitised Markdown, bad input, the search index catching up from the change feed, known-error drafts from problem
/// records, and deflections and redirects counted.
/// </summary>
public sealed class KnowledgeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private TestApp _app = null!;
    private Api _api = null!;
    private string _agent = null!;
    private string _admin = null!;
    private string _contoso = null!;
    private string _fabrikam = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(overrides: s => s.AddSingleton<TimeProvider>(_clock));
        await _app.SeedCustomerAsync("contoso");
        await _app.SeedCustomerAsync("fabrikam");
        _api = new Api(_app);
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });
        _admin = await _app.TokenAsync("admin1", "supplier", "Admin");
        _contoso = await _app.TokenAsync("u1", "contoso", "EndUser");
        _fabrikam = await _app.TokenAsync("f1", "fabrikam", "EndUser");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private KnowledgeApi Functions => _app.Get<KnowledgeApi>();

    private Task<ApiResponse> Create(object body, string? token = null) =>
        _app.SendAsync(r => Functions.Create(r), "POST", "/api/knowledge/articles", body, token ?? _agent);

    private Task<ApiResponse> Get(string id, string token) => _app.SendAsync(r => Functions.Get(r, id), "GET", "/api/knowledge/articles/" + id, token: token);

    private Task<ApiResponse> Move(string id, string action) =>
        _app.SendAsync(r => Functions.Transition(r, id, action), "POST", $"/api/knowledge/articles/{id}/transitions/{action}", new { }, _agent);

    private Task<ApiResponse> Search(string token, string q) =>
        _app.SendAsync(r => Functions.Search(r), "GET", "/api/knowledge/search?q=" + Uri.EscapeDataString(q), token: token);

    private static object Vpn(string audience = "allCustomers", string[]? customers = null, string body = "Öppna **GlobalProtect** och logga in.") => new
    {
        type = "instruction",
        translations = new Dictionary<string, object>
        {
            ["sv"] = new { title = "Ansluta till VPN hemifrån", body },
            ["en"] = new { title = "Connect to the VPN from home", body = "Open **GlobalProtect** and sign in." },
        },
        services = new[] { "VPN" },
        tags = new[] { "vpn", "distans" },
        audience,
        customers = customers ?? [],
    };

    [Fact]
    public async Task Readers_see_the_latest_published_version_while_staff_edit_and_every_version_is_kept()
    {
        var created = await Create(Vpn());
        Assert.Equal(201, created.Status);
        var id = created.Get("id");
        Assert.Equal(404, (await Get(id, _contoso)).Status);                       // a draft does not exist for readers
        Assert.Equal(200, (await Move(id, "submit")).Status);
        Assert.Equal(200, (await Move(id, "publish")).Status);
        var v1 = await Get(id, _contoso);
        Assert.Equal(200, v1.Status);
        Assert.Equal("1", v1.Get("version"));
        Assert.Contains("<strong>GlobalProtect</strong>", v1.Json.GetProperty("translations").GetProperty("sv").GetProperty("html").GetString(), StringComparison.Ordinal);

        var edited = await _app.SendAsync(r => Functions.Update(r, id), "PUT", "/api/knowledge/articles/" + id, Vpn(body: "Ny version: använd **Cisco**."), _agent);
        Assert.Equal(("200", "draft"), (edited.Status.ToString(), edited.Get("status")));
        Assert.Contains("GlobalProtect", (await Get(id, _contoso)).Body, StringComparison.Ordinal);   // still version 1 for readers
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(200, (await Move(id, "publish")).Status);
        Assert.Contains("Cisco", (await Get(id, _contoso)).Body, StringComparison.Ordinal);

        var versions = await _app.SendAsync(r => Functions.Versions(r, id), "GET", $"/api/knowledge/articles/{id}/versions", token: _agent);
        var items = versions.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([2, 1], items.Select(v => v.GetProperty("version").GetInt32()));
        Assert.All(items, v => Assert.Equal("Erik", v.GetProperty("publishedBy").GetString()));
        Assert.Equal(403, (await _app.SendAsync(r => Functions.Versions(r, id), "GET", $"/api/knowledge/articles/{id}/versions", token: _contoso)).Status);

        Assert.Equal(200, (await Move(id, "archive")).Status);
        Assert.Equal(404, (await Get(id, _contoso)).Status);
        Assert.Equal(409, (await Move(id, "publish")).Status);
        Assert.Equal(404, (await Move(id, "fly")).Status);
    }

    [Fact]
    public async Task A_missing_translation_is_shown_as_missing_and_audiences_keep_customers_apart()
    {
        var swedishOnly = await Create(new { type = "faq", translations = new Dictionary<string, object> { ["sv"] = new { title = "Var finns skrivaren?", body = "Plan 3." } }, audience = "allCustomers" });
        var id = swedishOnly.Get("id");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, swedishOnly.Json.GetProperty("translations").GetProperty("en").ValueKind);
        Assert.Equal(["en"], swedishOnly.Json.GetProperty("missingTranslations").EnumerateArray().Select(e => e.GetString()));

        var contosoOnly = (await Create(Vpn("listedCustomers", ["contoso"]))).Get("id");
        var internalOnly = (await Create(new { type = "process", translations = new Dictionary<string, object> { ["en"] = new { title = "VPN escalation process", body = "Call the network team." } }, audience = "internal" })).Get("id");
        foreach (var a in new[] { id, contosoOnly, internalOnly })
        {
            Assert.Equal(200, (await Move(a, "publish")).Status);
        }
        Assert.Equal(200, (await Get(contosoOnly, _contoso)).Status);
        Assert.Equal(404, (await Get(contosoOnly, _fabrikam)).Status);
        Assert.Equal(404, (await Get(internalOnly, _contoso)).Status);
        Assert.Equal(200, (await Get(internalOnly, _agent)).Status);
        var fabrikamSearch = await Search(_fabrikam, "vpn");
        Assert.Equal(200, fabrikamSearch.Status);
        Assert.DoesNotContain(contosoOnly, fabrikamSearch.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(internalOnly, fabrikamSearch.Body, StringComparison.Ordinal);
        Assert.Contains(contosoOnly, (await Search(_contoso, "vpn")).Body, StringComparison.Ordinal);
        Assert.Contains(internalOnly, (await Search(_agent, "vpn escalation")).Body, StringComparison.Ordinal);
        Assert.Equal(400, (await Create(Vpn("listedCustomers", ["nosuchcustomer"]))).Status);
        Assert.Equal(403, (await Create(Vpn(), _contoso)).Status);
    }

    [Fact]
    public async Task Script_in_Markdown_is_sanitised_huge_bodies_are_refused_and_any_query_is_answered()
    {
        string[] attacks =
        [
            "<script>alert(1)</script>text", "<img src=x onerror=alert(1)>", "[click](javascript:alert(1))", "<iframe src=\"https://evil.example\"></iframe>",
            "<a href=\"https://ok.example\" onclick=\"steal()\">ok</a>", "<svg onload=alert(1)>", "<div style=\"background:url(javascript:alert(1))\">x</div>",
        ];
        var created = await Create(new { type = "faq", translations = new Dictionary<string, object> { ["en"] = new { title = "Attacks", body = string.Join("\n\n", attacks) } }, audience = "allCustomers" });
        var html = created.Json.GetProperty("translations").GetProperty("en").GetProperty("html").GetString()!;
        foreach (var bad in new[] { "<script", "onerror", "javascript:", "<iframe", "onclick", "<svg", "onload" })
        {
            Assert.DoesNotContain(bad, html, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("https://ok.example", html, StringComparison.Ordinal);

        var huge = await Create(new { type = "faq", translations = new Dictionary<string, object> { ["en"] = new { title = "Huge", body = new string('x', 300_000) } }, audience = "allCustomers" });
        Assert.Equal(413, huge.Status);
        foreach (var q in new[] { "vpn AND (\" *:", "title:[a TO", "~~~ ^2 \\", "\"unbalanced", new string('(', 900) })
        {
            Assert.Equal(200, (await Search(_contoso, q)).Status);
        }
    }

    [Fact]
    public async Task An_article_saved_where_the_index_did_not_hear_of_it_is_found_after_the_catch_up_from_the_change_feed()
    {
        Assert.Equal(200, (await Search(_contoso, "bankid")).Status);                 // builds this instance's index
        // Another instance published it (or this one died between the store and its index): only the store has it.
        var now = _clock.GetUtcNow();
        var article = new Article
        {
            Id = "KB-FROMFEED01",
            Draft = new ArticleContent
            {
                Type = ArticleType.Faq,
                Translations = new Dictionary<Language, ArticleTranslation> { [Language.Sv] = new("BankID på ny telefon", "Installera BankID-appen och beställ ett nytt BankID från banken.") },
                Audience = ArticleAudience.AllCustomers,
            },
            Status = ArticleStatus.Draft, Owner = "a-erik", CreatedAt = now, UpdatedAt = now, UpdatedBy = "Erik",
        }.Publish("Erik", now);
        Assert.True(await _app.Get<IKnowledgeStore>().TryInsertAsync(article, CancellationToken.None));
        Assert.DoesNotContain("KB-FROMFEED01", (await Search(_contoso, "bankid")).Body, StringComparison.Ordinal);   // not yet: caught up 0 s ago
        _clock.Advance(KnowledgeSearch.CatchUpEvery + TimeSpan.FromSeconds(1));
        Assert.Contains("KB-FROMFEED01", (await Search(_contoso, "bankid")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_known_error_with_a_workaround_drafts_an_article_and_resolving_the_problem_marks_it()
    {
        var problem = await _api.Create(_agent, new
        {
            kind = "Problem", title = "Outlook fryser vid start", description = "Många incidenter.", customerId = "contoso",
            requester = new { name = "Problemhanteraren", email = "pm@contoso.se" },
        });
        Assert.Equal(201, problem.Status);
        var number = problem.Get("number");
        var patch = await _app.SendAsync(r => _app.Get<ProblemsApi>().Update(r, number), "PATCH", "/api/problems/" + number,
            new { rootCause = "Ett tillägg.", workaround = "Starta Outlook i felsäkert läge.", knownError = true }, _agent);
        Assert.True(patch.Status == 200, patch.ToString());
        var draft = await _app.Get<IKnowledgeStore>().FindByProblemAsync(number, CancellationToken.None);
        Assert.NotNull(draft);
        Assert.Equal((ArticleType.KnownError, ArticleStatus.Draft, ArticleAudience.Internal), (draft.Draft.Type, draft.Status, draft.Draft.Audience));
        Assert.Contains("felsäkert läge", draft.Draft.Translations[Language.Sv].Body, StringComparison.Ordinal);
        Assert.Null(draft.Current);                                                                   // publishing is a person's decision

        await _app.SendAsync(r => _app.Get<ProblemsApi>().Update(r, number), "PATCH", "/api/problems/" + number, new { workaround = "Ta bort tillägget X." }, _agent);
        var updated = await _app.Get<IKnowledgeStore>().FindByProblemAsync(number, CancellationToken.None);
        Assert.Equal(draft.Id, updated!.Id);
        Assert.Contains("Ta bort tillägget X.", updated.Draft.Translations[Language.Sv].Body, StringComparison.Ordinal);

        var resolved = await _app.SendAsync(r => _app.Get<ProblemsApi>().Resolve(r, number), "POST", $"/api/problems/{number}/resolve", new { resolutionNotes = "Tillägget borttaget." }, _agent);
        Assert.True(resolved.Status == 200, resolved.ToString());
        Assert.NotNull((await _app.Get<IKnowledgeStore>().FindByProblemAsync(number, CancellationToken.None))!.ProblemResolvedAt);
        Assert.Equal("true", (await Get(draft.Id, _agent)).Get("problemResolved").ToLowerInvariant());
    }

    [Fact]
    public async Task Redirects_and_deflections_are_counted_per_customer()
    {
        var topics = await _app.SendAsync(r => Functions.PutRedirects(r, "contoso"), "PUT", "/api/customers/contoso/redirects", new
        {
            topics = new[]
            {
                new
                {
                    id = "payroll", name = new { sv = "Lön", en = "Payroll" }, keywords = new[] { "lön", "lönen", "payroll", "salary" },
                    handledBy = "HR", contact = "https://hr.contoso.se", guidance = new { sv = "Frågor om lön hanteras av HR.", en = "Payroll questions are handled by HR." },
                },
            },
        }, _admin);
        Assert.Equal(200, topics.Status);
        var suggest = await _app.SendAsync(r => Functions.Suggest(r), "POST", "/api/knowledge/suggest", new { title = "Fel på lönen", language = "sv" }, _contoso);
        Assert.Equal("payroll", suggest.Json.GetProperty("redirect").GetProperty("topicId").GetString());
        Assert.Contains("Frågor om lön", suggest.Json.GetProperty("redirect").GetProperty("guidance").GetString(), StringComparison.Ordinal);

        var ticket = await _api.Create(_contoso, Api.Incident("Fel på lönen i december"));
        Assert.Equal(201, ticket.Status);
        Assert.Equal(("resolved", "redirected"), (ticket.Get("status"), ticket.Get("resolutionCode")));
        var comments = (await _api.Activity(_contoso, ticket.Get("number"))).Body;
        Assert.Contains("Frågor om lön hanteras av HR.", comments, StringComparison.Ordinal);

        var other = await _api.Create(_contoso, Api.Incident("Skrivaren är trasig"));
        var redirected = await _app.SendAsync(r => Functions.RedirectTicket(r, other.Get("number")), "POST", $"/api/tickets/{other.Get("number")}/redirect", new { topicId = "payroll" }, _agent);
        Assert.Equal(("resolved", "redirected"), (redirected.Get("status"), redirected.Get("resolutionCode")));
        Assert.Equal(422, (await _app.SendAsync(r => Functions.RedirectTicket(r, other.Get("number")), "POST", $"/api/tickets/{other.Get("number")}/redirect", new { topicId = "nope" }, _agent)).Status);

        var article = (await Create(Vpn())).Get("id");
        await Move(article, "publish");
        var mine = await _api.Create(_contoso, Api.Incident("VPN fungerar inte"));
        Assert.Equal(204, (await _app.SendAsync(r => Functions.Solved(r, article), "POST", $"/api/knowledge/articles/{article}/solved", new { ticketNumber = mine.Get("number") }, _contoso)).Status);
        Assert.Equal(204, (await _app.SendAsync(r => Functions.Solved(r, article), "POST", $"/api/knowledge/articles/{article}/solved", new { }, _contoso)).Status);
        Assert.Equal(("resolved", "solvedByArticle"), ((await _api.Get(_contoso, mine.Get("number"))).Get("status"), (await _api.Get(_contoso, mine.Get("number"))).Get("resolutionCode")));
        Assert.Equal(204, (await _app.SendAsync(r => Functions.Feedback(r, article), "POST", $"/api/knowledge/articles/{article}/feedback", new { helpful = true, comment = "Tack!" }, _contoso)).Status);
        Assert.Equal(204, (await _app.SendAsync(r => Functions.Feedback(r, article), "POST", $"/api/knowledge/articles/{article}/feedback", new { helpful = false }, _fabrikam)).Status);
        var feedback = await _app.SendAsync(r => Functions.ListFeedback(r, article), "GET", $"/api/knowledge/articles/{article}/feedback", token: _agent);
        Assert.Equal((2, 0.5), (feedback.Json.GetProperty("items").GetArrayLength(), feedback.Json.GetProperty("helpfulShare").GetDouble()));
        Assert.Contains("Tack!", feedback.Body, StringComparison.Ordinal);
        Assert.Equal(403, (await _app.SendAsync(r => Functions.ListFeedback(r, article), "GET", $"/api/knowledge/articles/{article}/feedback", token: _contoso)).Status);

        var day = Start.UtcDateTime.ToString("yyyy-MM-dd");
        var stats = await _app.SendAsync(r => Functions.Stats(r), "GET", $"/api/knowledge/stats?customerId=contoso&from={day}&to={day}", token: _agent);
        Assert.True(stats.Status == 200, stats.ToString());
        Assert.Equal((2, 2), (stats.Json.GetProperty("deflections").GetInt32(), stats.Json.GetProperty("redirects").GetInt32()));
        Assert.Equal(2, stats.Json.GetProperty("redirectsByTopic").GetProperty("payroll").GetInt32());
        var fabrikamStats = await _app.SendAsync(r => Functions.Stats(r), "GET", $"/api/knowledge/stats?customerId=fabrikam&from={day}&to={day}", token: _agent);
        Assert.Equal(0, fabrikamStats.Json.GetProperty("redirects").GetInt32());
    }

    [Fact]
    public async Task Agents_get_suggestions_on_a_ticket_and_send_the_article_in_the_requesters_language()
    {
        var vpn = (await Create(Vpn())).Get("id");
        var englishOnly = (await Create(new { type = "faq", translations = new Dictionary<string, object> { ["en"] = new { title = "Teams audio settings", body = "Pick the headset in Teams." } }, audience = "allCustomers" })).Get("id");
        await Move(vpn, "publish");
        await Move(englishOnly, "publish");
        var ticket = (await _api.Create(_contoso, new { kind = "Incident", title = "Kommer inte åt VPN hemifrån", description = "GlobalProtect säger att anslutningen misslyckades." })).Get("number");

        var suggestions = await _app.SendAsync(r => Functions.TicketSuggestions(r, ticket), "GET", $"/api/tickets/{ticket}/suggestions", token: _agent);
        Assert.True(suggestions.Status == 200, suggestions.ToString());
        Assert.Equal(vpn, suggestions.Json.GetProperty("articles")[0].GetProperty("id").GetString());
        Assert.Equal(403, (await _app.SendAsync(r => Functions.TicketSuggestions(r, ticket), "GET", $"/api/tickets/{ticket}/suggestions", token: _contoso)).Status);

        var sent = await _app.SendAsync(r => Functions.AddTicketArticle(r, ticket), "POST", $"/api/tickets/{ticket}/articles", new { articleId = vpn }, _agent);
        Assert.True(sent.Status == 200, sent.ToString());
        await _app.SendAsync(r => Functions.AddTicketArticle(r, ticket), "POST", $"/api/tickets/{ticket}/articles", new { articleId = englishOnly }, _agent);
        var log = (await _api.Activity(_contoso, ticket)).Body;
        Assert.Contains("Den här artikeln kan hjälpa dig: Ansluta till VPN hemifrån", log, StringComparison.Ordinal);
        Assert.Contains("(Artikeln finns bara på engelska.)", log, StringComparison.Ordinal);
        var unpublished = (await Create(Vpn())).Get("id");
        Assert.Equal(422, (await _app.SendAsync(r => Functions.AddTicketArticle(r, ticket), "POST", $"/api/tickets/{ticket}/articles", new { articleId = unpublished }, _agent)).Status);

        // A simple question answered at first contact, with the article used.
        await _api.Step(_agent, ticket, "resolve", new { resolutionCode = "QuestionAnswered", resolutionNotes = $"Answered with {vpn}." });
        Assert.Equal("questionAnswered", (await _api.Get(_agent, ticket)).Get("resolutionCode"));
    }

    [Fact]
    public async Task The_owner_is_reminded_once_when_the_review_date_comes()
    {
        await _app.Get<ServiceDesk.Application.Staff.IStaffDirectory>().UpsertAsync(
            new ServiceDesk.Application.Staff.StaffMember("a-erik", "Erik", "erik@supplier.se", Language.Sv, [ServiceDesk.Application.Security.Role.Agent], ["*"], Start), CancellationToken.None);
        var today = DateOnly.FromDateTime(Start.UtcDateTime);
        var due = (await Create(new { type = "faq", translations = new Dictionary<string, object> { ["sv"] = new { title = "Gammal artikel", body = "Text." } }, audience = "allCustomers", reviewBy = today.AddDays(2).ToString("yyyy-MM-dd") })).Get("id");
        var later = (await Create(new { type = "faq", translations = new Dictionary<string, object> { ["sv"] = new { title = "Ny artikel", body = "Text." } }, audience = "allCustomers", reviewBy = today.AddDays(30).ToString("yyyy-MM-dd") })).Get("id");
        var reminders = _app.Get<ReviewReminders>();
        Assert.Equal(0, (await reminders.RunAsync(CancellationToken.None)).Reminded);
        _clock.Advance(TimeSpan.FromDays(3));
        var result = await reminders.RunAsync(CancellationToken.None);
        Assert.Equal((1, 1), (result.Due, result.Reminded));
        Assert.Equal(0, (await reminders.RunAsync(CancellationToken.None)).Due);
        var mails = (await _app.Get<ServiceDesk.Application.Mail.IMailOutbox>().ListAsync(null, 100, CancellationToken.None)).Where(m => m.Template == "article-review").ToList();
        var mail = Assert.Single(mails);
        Assert.Equal("erik@supplier.se", mail.To);
        Assert.Contains(due, mail.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain(later, mail.Subject, StringComparison.Ordinal);
    }
}
