using ServiceDesk.Application.Knowledge;

namespace ServiceDesk.UnitTests.Knowledge;

public sealed class KnowledgeIndexTests : IDisposable
{
    private static readonly SearchScope Staff = SearchScope.ForStaff;
    private static readonly SearchScope Acme = SearchScope.ForCustomer("acme");
    private static readonly SearchScope Globex = SearchScope.ForCustomer("globex");
    private readonly KnowledgeIndex _index = new();

    public KnowledgeIndexTests() => _index.UpsertMany(KnowledgeSeed.Articles);

    public void Dispose() => _index.Dispose();

    private static IReadOnlyList<string> Ids(SearchResultPage page) => page.Hits.Select(h => h.Id).ToList();

    [Fact]
    public void A_part_of_a_Swedish_compound_finds_the_compound()
    {
        // Only KB-PRINTER-ADD says "nätverksskrivare"; the query is its last part.
        var page = _index.Search("skrivare", "sv", Staff);
        Assert.Contains("KB-PRINTER-ADD", Ids(page));
        var hit = page.Hits.First(h => h.Id == "KB-PRINTER-ADD");
        Assert.Contains("<mark>", hit.Snippet);
    }

    [Theory]
    [InlineData("natverksskrivare", "KB-PRINTER-ADD")]
    [InlineData("aterstalla losenord", "KB-PWD-RESET")]
    [InlineData("losenordet", "KB-PWD-RESET")]
    [InlineData("atkomst sharepoint", "KB-SHAREPOINT-ACCESS")]
    [InlineData("forlorad dator", "KB-LOST-LAPTOP")]
    [InlineData("skarm docka", "KB-DOCK-SCREEN")]
    public void Queries_without_diacritics_find_the_article(string query, string expected)
    {
        var page = _index.Search(query, "sv", Staff);
        Assert.Contains(expected, Ids(page).Take(3));
    }

    [Theory]
    [InlineData("globalprotekt", "KB-VPN-CONNECT")]
    [InlineData("eduraom", "KB-WIFI-EDUROAM")]
    [InlineData("pasword reset", "KB-PWD-RESET")]
    [InlineData("bitlocekr", "KB-BITLOCKER")]
    public void Typos_still_find_the_article(string query, string expected)
    {
        var page = _index.Search(query, "en", Staff);
        Assert.Contains(expected, Ids(page).Take(3));
    }

    [Fact]
    public void The_callers_language_version_is_returned_once_per_article()
    {
        var sv = _index.Search("outlook", "sv", Staff);
        var en = _index.Search("outlook", "en", Staff);
        Assert.Equal(Ids(sv).Count, Ids(sv).Distinct().Count());
        Assert.All(sv.Hits, h => Assert.Equal("sv", h.Language));
        Assert.All(en.Hits, h => Assert.Equal("en", h.Language));
        Assert.Equal(Ids(sv).ToHashSet(), Ids(en).ToHashSet());
    }

    [Fact]
    public void A_customer_user_never_sees_internal_articles_or_another_customers_articles()
    {
        var everything = KnowledgeSeed.Articles.Select(a => a.Id).Distinct().Count();
        var staffAll = _index.Search("", null, Staff, pageSize: 100);
        Assert.Equal(everything, staffAll.Total);
        Assert.Contains("KB-INTERNAL-ESCALATION", Ids(staffAll));

        foreach (var (scope, own, other) in new[] { (Acme, "KB-ACME-VPN", "KB-GLOBEX-PRINT"), (Globex, "KB-GLOBEX-PRINT", "KB-ACME-VPN") })
        {
            foreach (var query in new[] { "", "eskalering andra linjen", "escalation second line", "vpn konsult", "skrivare malmö", "globex", "acme" })
            {
                var ids = Ids(_index.Search(query, "sv", scope, pageSize: 100));
                Assert.DoesNotContain("KB-INTERNAL-ESCALATION", ids);
                Assert.DoesNotContain(other, ids);
            }

            Assert.Contains(own, Ids(_index.Search("", null, scope, pageSize: 100)));
            var suggestions = _index.Suggest("eskalering till andra linjen", "intern rutin för servicedesk NOC IAM", "sv", scope)
                .Concat(_index.Suggest(other == "KB-ACME-VPN" ? "Acme VPN-konto för konsulter" : "Globex skrivare Malmö", "ACME-Partner GLX-MMO-1", "sv", scope));
            Assert.DoesNotContain(suggestions, s => s.Id == "KB-INTERNAL-ESCALATION" || s.Id == other);
        }

        var anonymous = Ids(_index.Search("", null, new SearchScope(false, null), pageSize: 100));
        Assert.DoesNotContain("KB-INTERNAL-ESCALATION", anonymous);
        Assert.DoesNotContain("KB-ACME-VPN", anonymous);
        Assert.DoesNotContain("KB-GLOBEX-PRINT", anonymous);
        Assert.Contains("KB-INTERNAL-ESCALATION", Ids(_index.Search("eskalering andra linjen", "sv", Staff)));
    }

    [Theory]
    [InlineData("\"vpn")]
    [InlineData("vpn AND OR NOT")]
    [InlineData("*")]
    [InlineData("?")]
    [InlineData("title:vpn")]
    [InlineData("lösenord~2")]
    [InlineData("[skrivare TO")]
    [InlineData("(((")]
    [InlineData("{}[]()^\"~*?:\\/!+-&&||")]
    [InlineData("\\")]
    [InlineData("   ")]
    [InlineData("")]
    [InlineData("😀 ✓ \u0000 \t\n")]
    public void Lucene_syntax_in_a_query_never_throws(string query)
    {
        var page = _index.Search(query, "sv", Staff);
        Assert.NotNull(page);
        Assert.NotNull(_index.Suggest(query, query, "sv", Staff));
    }

    [Fact]
    public void Huge_input_never_throws()
    {
        var words = string.Join(" ", Enumerable.Range(0, 3000).Select(i => $"ord{i} vpn: \"x\" AND ("));
        var huge = new string('a', 10_000);
        Assert.NotNull(_index.Search(words, "sv", Staff));
        Assert.NotNull(_index.Search(huge, "sv", Staff));
        Assert.NotNull(_index.Suggest(huge, words, "en", Staff));
        Assert.NotNull(_index.Search(null, null, Staff));
    }

    [Fact]
    public void Paging_covers_each_hit_once_and_reports_the_total()
    {
        var first = _index.Search("", "sv", Staff, page: 1, pageSize: 10);
        var all = new List<string>();
        for (var page = 1; page <= (first.Total + 9) / 10; page++)
        {
            var result = _index.Search("", "sv", Staff, page: page, pageSize: 10);
            Assert.Equal(first.Total, result.Total);
            Assert.True(result.Hits.Count <= 10);
            all.AddRange(Ids(result));
        }

        Assert.Equal(first.Total, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Empty(_index.Search("", "sv", Staff, page: 1000, pageSize: 10).Hits);

        var printers = _index.Search("skrivare", "sv", Staff, page: 1, pageSize: 2);
        Assert.Equal(2, printers.Hits.Count);
        Assert.True(printers.Total > 2);
        var second = _index.Search("skrivare", "sv", Staff, page: 2, pageSize: 2);
        Assert.Empty(Ids(printers).Intersect(Ids(second)));
    }

    [Fact]
    public void Filters_by_type_and_service()
    {
        var knownErrors = _index.Search("", null, Staff, new SearchFilters(Type: "known-error"), pageSize: 100);
        Assert.NotEmpty(knownErrors.Hits);
        Assert.All(knownErrors.Hits, h => Assert.Equal("known-error", h.Type));
        Assert.Contains("KB-VPN-DROPS", Ids(knownErrors));

        var vpnService = Ids(_index.Search("", null, Staff, new SearchFilters(Service: "VPN"), pageSize: 100));
        Assert.Equal(["KB-ACME-VPN", "KB-VPN-CONNECT", "KB-VPN-DROPS"], vpnService.Order().ToList());

        var both = Ids(_index.Search("vpn", "sv", Staff, new SearchFilters(Type: "known-error", Service: "vpn")));
        Assert.Equal(["KB-VPN-DROPS"], both);

        Assert.Empty(_index.Search("vpn", "sv", Staff, new SearchFilters(Service: "printing")).Hits);
    }

    [Fact]
    public void Upsert_replaces_and_remove_deletes_a_language_version()
    {
        var article = KnowledgeSeed.Articles.First(a => a.Id == "KB-CITRIX" && a.Language == "sv");
        _index.Upsert(article with { Title = "Starta appar via Citrix och Xylofonvy" });
        var hit = Assert.Single(_index.Search("xylofonvy", "sv", Staff).Hits);
        Assert.Equal("KB-CITRIX", hit.Id);
        Assert.Single(_index.Search("citrix", null, Staff).Hits, h => h.Id == "KB-CITRIX");

        _index.Remove("KB-CITRIX", "sv");
        Assert.Empty(_index.Search("xylofonvy", "sv", Staff).Hits);
        var english = _index.Search("citrix", "sv", Staff).Hits.First(h => h.Id == "KB-CITRIX");
        Assert.Equal("en", english.Language);

        _index.Remove("KB-CITRIX", "en");
        Assert.DoesNotContain("KB-CITRIX", Ids(_index.Search("citrix", "sv", Staff)));
    }

    [Fact]
    public void Suggestions_carry_a_reason_in_the_callers_language_and_none_for_unrelated_text()
    {
        var sv = _index.Suggest("glömt lösenord", "kan inte logga in", "sv", Staff);
        Assert.Equal("KB-PWD-RESET", sv[0].Id);
        Assert.Equal("sv", sv[0].Language);
        Assert.StartsWith("Matchar", sv[0].Reason);
        Assert.True(sv.Count <= 3);

        var en = _index.Suggest("forgot password", "", "en", Staff, max: 1);
        Assert.Equal("KB-PWD-RESET", Assert.Single(en).Id);
        Assert.StartsWith("Matches", en[0].Reason);

        Assert.Empty(_index.Suggest("vad blir det för lunch", "", "sv", Staff));
        Assert.Empty(_index.Suggest("", "", "sv", Staff));
        Assert.Empty(_index.Suggest("vpn", "", "sv", Staff, max: 0));
    }

    [Fact]
    public void The_index_lives_in_the_directory_passed_in()
    {
        using var directory = new Lucene.Net.Store.RAMDirectory();
        using (var index = new KnowledgeIndex(directory))
        {
            index.UpsertMany(KnowledgeSeed.Articles.Where(a => a.Id == "KB-VPN-CONNECT"));
            index.Commit();
        }

        using var reopened = new KnowledgeIndex(directory);
        Assert.Equal("KB-VPN-CONNECT", Assert.Single(reopened.Search("globalprotect", "sv", Staff).Hits).Id);
    }
}
