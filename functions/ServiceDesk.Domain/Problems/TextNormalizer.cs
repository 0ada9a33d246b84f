using System.Globalization;
using System.Text;

namespace ServiceDesk.Domain.Problems;

/// <summary>
/// Turns Swedish and English ticket text into comparable terms: lower case (invariant), diacritics folded the same
/// way everywhere (å, ä → a; ö, ø → o; é → e; æ → ae; ß → ss), stop words of both languages and the service desk's
/// own filler words dropped, and a light suffix-stripping stemmer (the Snowball Swedish step-1 suffixes plus the
/// common English inflections) so that "skrivaren", "skrivare", "printing" and "printer" meet at "skriv" / "print".
/// Language detection is not needed: both suffix lists run on every word, keeping a stem of at least three letters.
/// </summary>
public static class TextNormalizer
{
    /// <summary>At most this many distinct terms are kept per ticket (the first ones in the text).</summary>
    public const int MaxTerms = 48;

    private const int MinStemLength = 3;

    // Longest first, so the longest matching suffix wins (as in Snowball).
    private static readonly string[] Suffixes = new[]
    {
        // Swedish (Snowball step 1, diacritics folded)
        "heterna", "hetens", "anden", "heten", "heter", "arnas", "ernas", "ornas", "andes", "arens", "andet",
        "arna", "erna", "orna", "ande", "arne", "aste", "aren", "ades", "erns",
        "ade", "are", "ern", "ens", "het", "ast", "ad", "en", "ar", "er", "or", "as", "es", "at", "a", "e",
        // English inflections
        "ations", "ation", "ings", "ing", "edly", "ies", "ied", "ed", "ly", "s",
    }.OrderByDescending(s => s.Length).ToArray();

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        // English
        "a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before",
        "being", "but", "by", "can", "cannot", "cant", "could", "did", "do", "does", "doing", "dont", "doesnt", "down",
        "during", "each", "for", "from", "get", "gets", "getting", "got", "had", "has", "have", "having", "he", "her",
        "here", "him", "his", "how", "i", "if", "im", "in", "into", "is", "isnt", "it", "its", "ive", "just", "me",
        "more", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out",
        "over", "same", "she", "should", "since", "so", "some", "still", "such", "than", "that", "the", "their",
        "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
        "very", "was", "wasnt", "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with",
        "wont", "would", "you", "your", "also", "again", "any", "anymore", "today", "yesterday", "morning", "hi",
        "hello", "thanks", "thank", "please", "regards", "best", "help", "issue", "problem", "problems", "error",
        "works", "work", "working", "anyone", "something", "someone", "seems", "seem", "keeps", "keep", "tried",
        "try", "urgent", "asap", "need", "needs", "colleague", "colleagues", "floor", "office", "team",
        // Swedish (folded)
        "och", "att", "det", "som", "en", "ett", "pa", "ar", "av", "for", "med", "har", "till", "den", "de", "om",
        "inte", "jag", "vi", "du", "han", "hon", "man", "men", "sa", "nar", "kan", "ska", "skulle", "vill", "var",
        "fran", "eller", "efter", "sedan", "sen", "nu", "da", "dar", "har", "hur", "vad", "vem", "vilken", "vilket",
        "mitt", "min", "mina", "din", "dina", "sin", "sina", "vara", "varit", "blir", "blev", "bli", "mig", "oss",
        "dem", "dom", "nagon", "nagot", "nagra", "ingen", "inget", "inga", "alla", "allt", "ocksa", "bara", "redan",
        "igen", "fortfarande", "mycket", "lite", "ganska", "helt", "hej", "tack", "halsningar", "mvh", "hjalp",
        "hjalpa", "snalla", "fel", "felet", "problem", "problemet", "fungerar", "funkar", "gar", "idag", "igar",
        "morse", "morgon", "kollega", "kollegor", "kontoret", "plan", "vaningen", "brad", "akut", "behover",
        "provat", "forsokt", "verkar", "annu", "ju", "val", "ha", "hade", "gor", "gjorde", "under", "over", "utan",
        "mot", "vid", "ur", "in", "ut", "upp", "ner", "samma", "ocksa", "heller", "alltsa", "pga",
    };

    /// <summary>The distinct terms of a text, in order of first appearance, at most <see cref="MaxTerms"/>.</summary>
    public static IReadOnlyList<string> Terms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words(Fold(text)))
        {
            if (word.Length < 2 || StopWords.Contains(word) || word.All(char.IsAsciiDigit))
            {
                continue;
            }
            var stem = Stem(word);
            if (stem.Length >= 2 && !StopWords.Contains(stem) && seen.Add(stem))
            {
                terms.Add(stem);
                if (terms.Count == MaxTerms)
                {
                    break;
                }
            }
        }
        return terms;
    }

    /// <summary>Lower case and diacritics folded: "Skärmen FRYSER på Öresund-mötet" → "skarmen fryser pa oresund-motet".</summary>
    public static string Fold(string text)
    {
        var lower = text.ToLowerInvariant()
            .Replace("æ", "ae", StringComparison.Ordinal)
            .Replace("ø", "o", StringComparison.Ordinal)
            .Replace("ß", "ss", StringComparison.Ordinal);
        var decomposed = lower.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(c);
            }
        }
        return sb.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// Strips one inflection suffix (Snowball step 1), then maps the stem — or the stem with one more suffix stripped,
    /// so "uppdateringen" and "uppdatering" both match — through the bilingual lexicon, so Swedish and English words
    /// for the same thing meet.
    /// </summary>
    public static string Stem(string word)
    {
        var stem = StripSuffix(word);
        if (Lexicon.TryGetValue(stem, out var concept) || Lexicon.TryGetValue(StripSuffix(stem), out concept))
        {
            return concept;
        }
        return stem;
    }

    private static string StripSuffix(string word)
    {
        foreach (var suffix in Suffixes)
        {
            if (word.Length - suffix.Length >= MinStemLength && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length];
            }
        }
        return word;
    }

    /// <summary>
    /// Service desk vocabulary in both languages (Swedish word, English word): after stemming both sides, the Swedish
    /// stem is replaced by the English one. Small on purpose: the words users reach for when something breaks.
    /// </summary>
    private static readonly (string Sv, string En)[] BilingualWords =
    [
        ("skrivare", "printer"), ("utskrift", "print"), ("skriva ut", "print"), ("skärm", "screen"), ("bildskärm", "monitor"),
        ("dator", "computer"), ("datorn", "computer"), ("bärbar", "laptop"), ("batteri", "battery"), ("batteriet", "battery"),
        ("viloläge", "sleep"), ("viloläget", "sleep"), ("uppdatering", "update"), ("uppdaterade", "updated"),
        ("krascha", "crash"), ("kraschar", "crashes"), ("fryser", "freezes"), ("hänger", "hangs"), ("långsam", "slow"),
        ("fil", "file"), ("filer", "files"), ("dokument", "document"), ("bilaga", "attachment"), ("bilagor", "attachments"),
        ("mapp", "folder"), ("mappen", "folder"), ("lösenord", "password"), ("inloggning", "login"), ("logga", "log"),
        ("behörighet", "access"), ("anslutning", "connection"), ("ansluta", "connect"), ("nätverk", "network"),
        ("trådlös", "wireless"), ("möte", "meeting"), ("mötet", "meeting"), ("möten", "meetings"), ("samtal", "call"),
        ("kalender", "calendar"), ("kalendern", "calendar"), ("inbjudan", "invite"), ("inbjudningar", "invites"),
        ("tidszon", "timezone"), ("tidszonen", "timezone"), ("fel tid", "wrong time"), ("extern", "external"),
        ("externa", "external"), ("synkar", "sync"), ("synkroniserar", "sync"), ("skrivbordet", "desktop"),
        ("skrivbord", "desktop"), ("faktura", "invoice"), ("fakturor", "invoices"), ("fakturan", "invoice"),
        ("tom", "empty"), ("tomt", "empty"), ("tomma", "empty"), ("sida", "page"), ("ljud", "audio"), ("bild", "video"),
        ("telefon", "phone"), ("mobil", "mobile"), ("kassa", "till"), ("kassan", "till"), ("kvitto", "receipt"),
        ("certifikat", "certificate"), ("felmeddelande", "error message"), ("startar", "start"), ("öppna", "open"),
        ("öppnar", "open"), ("programmet", "program"), ("stänger", "close"), ("stängs", "closes"), ("avbryts", "drop"),
        ("bryts", "drop"), ("lönebesked", "payslip"), ("portalen", "portal"), ("sidan", "page"), ("tjänsten", "service"),
        ("svarar", "respond"), ("nere", "down"), ("kö", "queue"), ("kön", "queue"), ("utskrifter", "print"),
        ("legitimering", "login"), ("legitimerar", "login"), ("förhandsgranskning", "preview"), ("exportera", "export"),
        ("exporten", "export"), ("exporterar", "export"), ("urladdad", "drained"), ("tömmer", "drains"),
        ("lyckades", "succeeded"), ("lyckas", "succeed"), ("misslyckas", "fail"), ("misslyckades", "failed"),
        ("avvisar", "rejects"), ("nekar", "denies"), ("tillbaka", "back"), ("återgår", "returns"), ("säger", "says"),
        ("visar", "shows"), ("fungerar", "works"), ("saknas", "missing"), ("borta", "gone"), ("hittar", "find"),
        ("skicka", "send"), ("skickas", "sent"), ("kund", "customer"), ("kunder", "customers"), ("leverantör", "supplier"),
        ("timme", "hour"), ("timmar", "hours"), ("minuter", "minutes"), ("natt", "night"), ("dag", "day"), ("dagar", "days"),
        ("vecka", "week"), ("varm", "warm"), ("väska", "bag"), ("väskan", "bag"), ("kryss", "cross"), ("ikon", "icon"),
        ("ikonen", "icon"), ("röd", "red"), ("rött", "red"), ("papper", "paper"), ("utanför", "outside"),
        ("intern", "internal"), ("interna", "internal"), ("rätt", "correct"), ("missade", "missed"), ("partner", "partner"),
        ("program", "program"), ("avsluta", "end"), ("slutar", "stops"), ("svara", "respond"), ("bibliotek", "library"),
        ("lokala", "local"), ("alla", "all"), ("gäller", "affects"), ("klickar", "click"), ("andra", "other"),
    ];

    private static readonly Dictionary<string, string> Lexicon = BuildLexicon();

    private static Dictionary<string, string> BuildLexicon()
    {
        var lexicon = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (sv, en) in BilingualWords)
        {
            var svWords = Words(Fold(sv)).ToList();
            var enWords = Words(Fold(en)).ToList();
            if (svWords.Count != 1)
            {
                continue;
            }
            var target = StripSuffix(enWords[^1]);
            var sv1 = StripSuffix(svWords[0]);
            lexicon.TryAdd(sv1, target);
            lexicon.TryAdd(StripSuffix(sv1), target);
        }
        return lexicon;
    }

    private static IEnumerable<string> Words(string folded)
    {
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var isWordChar = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                yield return folded[start..i];
                start = -1;
            }
        }
    }
}
