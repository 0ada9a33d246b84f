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

/// <summary>Ranking: candidates grouped per article, scored by weighted coverage of the query's words (exact, stem, compound or near-miss).</summary>
public sealed partial class KnowledgeIndex
{
    private List<Scored> Rank(IndexSearcher searcher, IReadOnlyList<QueryTerm> terms, string? language, Filter filter)
    {
        var groups = Collect(searcher, BuildQuery(terms, language), filter);
        if (groups.Count == 0)
        {
            return [];
        }

        var callerLang = language is null ? null : Lang(language);
        var maxScore = groups.Max(g => GroupScore(g, callerLang));
        var totalWeight = terms.Sum(t => t.Weight);
        var scored = new List<Scored>(groups.Count);
        foreach (var group in groups)
        {
            var vocabulary = BuildVocabulary(group.Versions);
            var matches = terms.Select(t => (Term: t, Match: MatchTerm(t, vocabulary))).ToList();
            var coverage = totalWeight <= 0 ? 0 : matches.Sum(m => m.Term.Weight * m.Match) / totalWeight;
            var relative = maxScore <= 0 ? 0 : GroupScore(group, callerLang) / maxScore;
            var final = 0.6 * coverage + 0.4 * relative;
            scored.Add(new Scored(group, coverage, final, PickVersion(group.Versions, language), matches));
        }

        return scored.OrderByDescending(s => s.Final).ThenBy(s => s.Group.Id, StringComparer.Ordinal).ToList();
    }

    private static double GroupScore(Group group, string? callerLang) =>
        group.Scores.Max(kv => kv.Value * (callerLang is not null && kv.Key == callerLang ? CallerLanguageBoost : 1.0));

    private static ArticleVersion PickVersion(List<ArticleVersion> versions, string? language)
    {
        var lang = language is null ? null : Lang(language);
        return versions.FirstOrDefault(v => v.Language == lang) ?? versions[0];
    }

    private Vocabulary BuildVocabulary(IEnumerable<ArticleVersion> versions)
    {
        var vocabulary = new Vocabulary();
        foreach (var v in versions)
        {
            var titleText = $"{v.Title} {v.Tags}";
            foreach (Match m in WordPattern.Matches(titleText))
            {
                var w = Fold(m.Value.ToLowerInvariant());
                vocabulary.Words.Add(w);
                vocabulary.TitleWords.Add(w);
            }

            foreach (Match m in WordPattern.Matches(v.Body))
            {
                vocabulary.Words.Add(Fold(m.Value.ToLowerInvariant()));
            }

            var analyzer = v.Language == "en" ? _english : _swedish;
            foreach (var stem in Tokens(analyzer, v.Language == "en" ? FBodyEn : FBodySv, $"{titleText} {v.Body}"))
            {
                vocabulary.Stems.Add(Fold(stem));
            }
        }

        return vocabulary;
    }

    /// <summary>How well one query word is found in an article: 1 exact or same stem, less for compound parts and typos.</summary>
    private static double MatchTerm(QueryTerm t, Vocabulary v)
    {
        if (v.Words.Contains(t.Folded)
            || (t.SvStem is not null && v.Stems.Contains(Fold(t.SvStem)))
            || (t.EnStem is not null && v.Stems.Contains(Fold(t.EnStem))))
        {
            return 1.0;
        }

        var best = 0.0;
        var f = t.Folded;
        foreach (var w in v.Words)
        {
            if (f.Length >= 4 && w.Length > f.Length && w.Contains(f, StringComparison.Ordinal))
            {
                return 0.9; // "skrivare" in "natverksskrivare"
            }

            if (w.Length >= 5 && f.Length > w.Length
                && (f.StartsWith(w, StringComparison.Ordinal) || f.EndsWith(w, StringComparison.Ordinal)))
            {
                best = Math.Max(best, 0.8); // a compound of a known word: "teamsmoten" (teams), "excelfil"… (fil is too short)
            }
            else if (f.Length >= 4 && Math.Abs(w.Length - f.Length) <= 2 && best < 0.75)
            {
                var allowed = f.Length >= 7 ? 2 : 1;
                if (EditDistance(f, w, allowed) <= allowed)
                {
                    best = 0.75;
                }
            }
        }

        if (best < 0.8 && f.Length >= 6)
        {
            foreach (var s in v.Stems)
            {
                if (s.Length >= 5 && f.StartsWith(s, StringComparison.Ordinal))
                {
                    best = Math.Max(best, 0.8); // "skrivarproblem" starts with the stem "skriv"
                    break;
                }
            }
        }

        return best;
    }

    /// <summary>Optimal string alignment distance, giving up early once it exceeds <paramref name="limit"/>.</summary>
    private static int EditDistance(string a, string b, int limit)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var rowMin = int.MaxValue;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, d[i - 2, j - 2] + 1);
                }

                d[i, j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }
        }

        return d[a.Length, b.Length];
    }
}
