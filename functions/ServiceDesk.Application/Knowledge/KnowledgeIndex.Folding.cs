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

/// <summary>Folding of diacritics and the folded stop-word list shared by indexing and querying.</summary>
public sealed partial class KnowledgeIndex
{
    // ---- Folding and stop words -----------------------------------------------------------------

    /// <summary>Lowercase text without diacritics: "Nätverksskrivare" → "natverksskrivare" (as ASCIIFoldingFilter does).</summary>
    internal static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.NonSpacingMark:
                    continue;
                default:
                    sb.Append(c switch { 'æ' => "ae", 'ø' => "o", 'ß' => "ss", 'đ' => "d", 'ł' => "l", _ => c.ToString() });
                    break;
            }
        }

        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    // Swedish and English function words plus the filler of service desk questions, folded.
    private static readonly string[] StopWordList =
    [
        // Swedish
        "och", "att", "det", "som", "en", "ett", "pa", "är", "av", "for", "för", "med", "till", "den", "har", "de", "inte",
        "om", "ar", "i", "pa", "var", "jag", "sig", "men", "eller", "sa", "så", "han", "hon", "vi", "ni", "du", "dig", "mig", "min",
        "mitt", "mina", "din", "ditt", "dina", "sin", "sitt", "sina", "oss", "er", "era", "vara", "vart", "varit", "blir", "bli",
        "blev", "nar", "när", "hur", "vad", "vem", "vilken", "vilket", "vilka", "varfor", "varför", "dar", "där", "här", "har",
        "kan", "kunna", "kunde", "ska", "skall", "skulle", "vill", "ville", "maste", "måste", "far", "får", "fa", "få", "fick",
        "gor", "gör", "gora", "göra", "gjorde", "finns", "fanns", "nagon", "någon", "nagot", "något", "nagra", "några", "alla",
        "allt", "mycket", "bara", "nu", "da", "då", "sen", "sedan", "efter", "innan", "fran", "från", "ut", "upp", "in", "ur",
        "under", "over", "över", "mot", "vid", "hos", "utan", "also", "ocksa", "också", "aven", "även", "ju", "nog", "val", "väl",
        "hej", "hejsan", "tjena", "tja", "hallå", "halla", "tack", "tacksam", "snalla", "snälla", "mvh", "hälsningar", "halsningar",
        "hjalp", "hjälp", "hjälpa", "hjalpa", "fungerar", "funkar", "funka", "fungera", "problem", "problemet", "fel", "felet",
        "behover", "behöver", "behova", "behöva", "igen", "fortfarande", "typ", "liksom", "dom", "man", "nån", "nåt",
        "lite", "hela", "helt", "ens", "annars", "kanske", "nagonting", "någonting", "sätt", "satt", "hur", "ngn", "ngt", "vet",
        "undrar", "fråga", "fraga", "idag", "igår", "igar", "imorse", "just", "ingen", "inget", "inga", "kommer", "kom",
        "tiden", "gång", "gången", "gånger", "varje", "pga", "verkar", "alltid", "aldrig", "annan", "annat", "andra", "samma",
        "bara", "redan", "ganska", "plötsligt",
        // English
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from", "as", "is", "are",
        "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those", "i", "im", "me", "my", "mine", "you",
        "your", "we", "our", "they", "their", "he", "she", "his", "her", "them", "do", "does", "did", "doing", "done", "have", "has",
        "had", "can", "cant", "cannot", "could", "would", "should", "will", "wont", "shall", "may", "might", "must", "not", "no",
        "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "how", "what", "when", "where", "why", "who", "which", "there", "here",
        "so", "too", "very", "just", "some", "any", "all", "up", "out", "about", "into", "again", "still", "also", "then", "than",
        "hi", "hello", "hey", "thanks", "thank", "please", "pls", "plz", "help", "problem", "problems", "issue", "issues", "work",
        "works", "working", "need", "needs", "want", "get", "got", "getting", "anyone", "someone", "something", "anything", "know",
        "today", "yesterday", "s", "t", "m", "ll", "ve", "re", "d", "ok", "okay", "like", "way", "many", "much", "since",
        "quite", "nobody", "anybody", "everyone", "everything", "think", "suddenly", "really", "always", "never", "every",
        "each", "other", "another", "same", "own", "only", "even", "ever", "already",
    ];

    private static readonly HashSet<string> FoldedStopWords = new(StopWordList.Select(Fold), StringComparer.Ordinal);

    private static readonly CharArraySet FoldedStopSet = new(Version, FoldedStopWords, ignoreCase: true);
}
