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

/// <summary>Presentation: the reason given with a suggestion and the highlighted snippet of a hit.</summary>
public sealed partial class KnowledgeIndex
{
    // ---- Presentation ---------------------------------------------------------------------------

    private static string Reason(Scored s, string? language)
    {
        var en = Lang(language) == "en";
        var matched = s.Matches.Where(m => m.Match > 0).OrderByDescending(m => m.Term.Weight * m.Match)
            .Take(4).Select(m => m.Term.Raw).ToList();
        var words = string.Join(", ", matched.Select(w => $"\"{w}\""));
        var percent = (int)Math.Round(s.Coverage * 100);
        return en
            ? $"Matches {words} ({percent} % of your description)."
            : $"Matchar {words} ({percent} % av din beskrivning).";
    }

    private static string Snippet(ArticleVersion version, IReadOnlyList<QueryTerm> terms, int words = 28)
    {
        var matches = WordPattern.Matches(version.Body);
        if (matches.Count == 0)
        {
            return string.Empty;
        }

        var marked = new bool[matches.Count];
        if (terms.Count > 0)
        {
            for (var i = 0; i < matches.Count; i++)
            {
                var single = new Vocabulary();
                single.Words.Add(Fold(matches[i].Value.ToLowerInvariant()));
                marked[i] = terms.Any(t => MatchTerm(t, single) >= 0.75);
            }
        }

        // The window of `words` words with the most matches.
        var bestStart = 0;
        var bestCount = -1;
        var count = 0;
        for (var i = 0; i < matches.Count; i++)
        {
            if (marked[i]) count++;
            if (i >= words && marked[i - words]) count--;
            var start = Math.Max(0, i - words + 1);
            if (count > bestCount)
            {
                bestCount = count;
                bestStart = start;
            }
        }

        var end = Math.Min(matches.Count - 1, bestStart + words - 1);
        var from = matches[bestStart].Index;
        var to = matches[end].Index + matches[end].Length;
        var sb = new StringBuilder();
        if (bestStart > 0) sb.Append('…');
        var cursor = from;
        for (var i = bestStart; i <= end; i++)
        {
            var m = matches[i];
            sb.Append(WebUtility.HtmlEncode(Collapse(version.Body[cursor..m.Index])));
            sb.Append(marked[i] ? $"<mark>{WebUtility.HtmlEncode(m.Value)}</mark>" : WebUtility.HtmlEncode(m.Value));
            cursor = m.Index + m.Length;
        }

        if (end < matches.Count - 1) sb.Append('…');
        else sb.Append(WebUtility.HtmlEncode(Collapse(version.Body[to..])));
        return sb.ToString().Trim();
    }

    private static string Collapse(string s) => Regex.Replace(s, @"\s+", " ");
}
