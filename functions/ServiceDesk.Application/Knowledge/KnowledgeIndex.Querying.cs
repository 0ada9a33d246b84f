using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.NGram;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.Sv;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;
using IOContext = Lucene.Net.Store.IOContext;
using RAMDirectory = Lucene.Net.Store.RAMDirectory;

namespace ServiceDesk.Application.Knowledge;

/// <summary>Querying: the caller's filter, the analysis of user text into terms, and the Lucene query built from them.</summary>
public sealed partial class KnowledgeIndex
{
    // ---- Querying -------------------------------------------------------------------------------

    private static Filter BuildFilter(SearchScope scope, SearchFilters? filters)
    {
        var filter = new BooleanQuery();
        if (!scope.Staff)
        {
            var visible = new BooleanQuery
            {
                { new TermQuery(new Term(FAudience, SearchableArticle.AudienceAll)), Occur.SHOULD },
            };
            if (!string.IsNullOrWhiteSpace(scope.CustomerId))
            {
                visible.Add(new BooleanQuery
                {
                    { new TermQuery(new Term(FAudience, SearchableArticle.AudienceCustomers)), Occur.MUST },
                    { new TermQuery(new Term(FCustomer, scope.CustomerId.Trim())), Occur.MUST },
                }, Occur.SHOULD);
            }

            filter.Add(visible, Occur.MUST);
        }

        if (!string.IsNullOrWhiteSpace(filters?.Type))
        {
            filter.Add(new TermQuery(new Term(FType, filters.Type.Trim().ToLowerInvariant())), Occur.MUST);
        }

        if (!string.IsNullOrWhiteSpace(filters?.Service))
        {
            filter.Add(new TermQuery(new Term(FService, filters.Service.Trim().ToLowerInvariant())), Occur.MUST);
        }

        if (filter.Clauses.Count == 0)
        {
            filter.Add(new MatchAllDocsQuery(), Occur.MUST);
        }

        return new QueryWrapperFilter(filter);
    }

    private sealed record QueryTerm(string Raw, string Folded, string? SvStem, string? EnStem, double Weight, bool Known);

    private sealed record ArticleVersion(string Id, string Language, string Type, string Title, string Body, string Tags);

    private sealed class Group(string id)
    {
        public string Id { get; } = id;
        public List<ArticleVersion> Versions { get; } = [];
        public Dictionary<string, float> Scores { get; } = [];
    }

    private sealed record Scored(Group Group, double Coverage, double Final, ArticleVersion Version, IReadOnlyList<(QueryTerm Term, double Match)> Matches);

    private List<QueryTerm> AnalyseQuery(string text)
    {
        if (text.Length > 20_000)
        {
            text = text[..20_000];
        }

        var searcher = CurrentSearcher();
        var n = Math.Max(1, searcher.IndexReader.NumDocs);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var terms = new List<QueryTerm>();
        foreach (Match m in WordPattern.Matches(text))
        {
            var raw = m.Value.ToLowerInvariant();
            var folded = Fold(raw);
            if (folded.Length < 2 || FoldedStopWords.Contains(folded) || !seen.Add(folded))
            {
                continue;
            }

            var df = searcher.IndexReader.DocFreq(new Term(FWords, folded));
            var weight = Math.Log(1 + (double)n / (df + 1));
            terms.Add(new QueryTerm(raw, folded, FirstToken(_swedish, FBodySv, raw), FirstToken(_english, FBodyEn, raw),
                weight, df > 0));
            if (terms.Count >= MaxQueryWords)
            {
                break;
            }
        }

        return terms;
    }

    private static string? FirstToken(Analyzer analyzer, string field, string text)
    {
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        string? first = stream.IncrementToken() ? term.ToString() : null;
        while (stream.IncrementToken())
        {
        }

        stream.End();
        return first;
    }

    private List<string> Tokens(Analyzer analyzer, string field, string text)
    {
        var result = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            result.Add(term.ToString());
        }

        stream.End();
        return result;
    }

    private Query BuildQuery(IReadOnlyList<QueryTerm> terms, string? language)
    {
        var callerEn = Lang(language) == "en";
        var top = new BooleanQuery();
        foreach (var t in terms)
        {
            var perTerm = new BooleanQuery { Boost = (float)t.Weight };
            if (t.SvStem is not null)
            {
                var svBoost = language is not null && !callerEn ? 1.2f : 1f;
                perTerm.Add(new TermQuery(new Term(FTitleSv, t.SvStem)) { Boost = 2.5f * svBoost }, Occur.SHOULD);
                perTerm.Add(new TermQuery(new Term(FBodySv, t.SvStem)) { Boost = 1f * svBoost }, Occur.SHOULD);
            }

            if (t.EnStem is not null)
            {
                var enBoost = callerEn ? 1.2f : 1f;
                perTerm.Add(new TermQuery(new Term(FTitleEn, t.EnStem)) { Boost = 2.5f * enBoost }, Occur.SHOULD);
                perTerm.Add(new TermQuery(new Term(FBodyEn, t.EnStem)) { Boost = 1f * enBoost }, Occur.SHOULD);
            }

            var grams = Grams(t.Folded);
            if (grams.Count > 0)
            {
                var titleGrams = new BooleanQuery { Boost = 1.5f };
                var bodyGrams = new BooleanQuery { Boost = 0.6f };
                foreach (var gram in grams)
                {
                    titleGrams.Add(new TermQuery(new Term(FTitleNg, gram)) { Boost = 1f / grams.Count }, Occur.SHOULD);
                    bodyGrams.Add(new TermQuery(new Term(FBodyNg, gram)) { Boost = 1f / grams.Count }, Occur.SHOULD);
                }

                perTerm.Add(titleGrams, Occur.SHOULD);
                perTerm.Add(bodyGrams, Occur.SHOULD);
            }

            if (perTerm.Clauses.Count > 0)
            {
                top.Add(perTerm, Occur.SHOULD);
            }
        }

        return top;
    }

    private static List<string> Grams(string folded)
    {
        var grams = new List<string>();
        for (var size = 3; size <= 5; size++)
        {
            for (var i = 0; i + size <= folded.Length && grams.Count < 60; i++)
            {
                grams.Add(folded.Substring(i, size));
            }
        }

        return grams.Distinct(StringComparer.Ordinal).ToList();
    }

    private sealed class Vocabulary
    {
        public HashSet<string> Words { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Stems { get; } = new(StringComparer.Ordinal);
        public HashSet<string> TitleWords { get; } = new(StringComparer.Ordinal);
    }

    private List<Group> Collect(IndexSearcher searcher, Query query, Filter filter, Dictionary<string, float>? scores = null)
    {
        var top = searcher.Search(query, filter, MaxCandidates);
        var groups = new Dictionary<string, Group>(StringComparer.Ordinal);
        foreach (var hit in top.ScoreDocs)
        {
            var doc = searcher.Doc(hit.Doc);
            var id = doc.Get(FId);
            if (!groups.TryGetValue(id, out var group))
            {
                group = new Group(id);
                groups[id] = group;
            }

            var version = new ArticleVersion(id, doc.Get(FLang), doc.Get(FType), doc.Get(FTitle), doc.Get(FBody), doc.Get(FTags));
            group.Versions.Add(version);
            group.Scores[version.Language] = hit.Score;
        }

        return groups.Values.ToList();
    }
}
