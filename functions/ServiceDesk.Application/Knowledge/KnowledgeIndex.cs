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

/// <summary>
/// Full-text search and ticket suggestions over knowledge articles, on a Lucene index kept in a
/// pluggable <see cref="LuceneDirectory"/> (a <see cref="RAMDirectory"/> unless one is passed in).
/// <para>
/// Each language version is indexed in (1) its language's stemmed fields (SwedishAnalyzer or
/// EnglishAnalyzer: Snowball stemming and stop words), and (2) a lowercased, diacritics-folded
/// 3–5 character n-gram field, so that "skrivare" finds "nätverksskrivare" and "losenord" or
/// "lösenrod" still finds "lösenord". A query is never given to a query parser: it is split into
/// words that build <see cref="BooleanQuery"/>s of term queries, so no input can throw.
/// </para>
/// <para>
/// Lucene retrieves and ranks candidates; each candidate article (its language versions together) is
/// then given a coverage figure: the share of the query's content words, weighted by how rare they
/// are in the knowledge base, that the article contains (exactly, by stem, as part of a compound, or
/// within a small edit distance). Words the knowledge base does not know at all count against the
/// coverage, which is what keeps "what's for lunch" or "parking permit" questions without a
/// suggestion. See README.md for the calibration.
/// </para>
/// </summary>
public sealed partial class KnowledgeIndex : IDisposable
{
    /// <summary>A suggestion needs at least this coverage (calibrated on the labelled evaluation set).</summary>
    public const double SuggestThreshold = 0.5;

    /// <summary>A description with this many distinctive words found in an article is suggested at a lower coverage.</summary>
    public const int StrongMatchesForLongText = 3;

    /// <summary>The lowest coverage at which <see cref="StrongMatchesForLongText"/> words still make a suggestion.</summary>
    public const double MinCoverageForLongText = 0.2;

    /// <summary>A word counts as distinctive when its weight (ln(1 + N / (df + 1))) is at least this.</summary>
    private const double MinDistinctiveWeight = 1.5;

    /// <summary>A search hit needs at least this coverage (looser than suggestions: the user asked to search).</summary>
    public const double SearchThreshold = 0.25;

    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const int MaxQueryWords = 48;
    private const int MaxCandidates = 200;
    private const double CallerLanguageBoost = 1.1;

    // Stored / filter fields.
    private const string FKey = "key", FId = "id", FLang = "lang", FType = "type", FService = "service",
        FAudience = "audience", FCustomer = "customer", FTitle = "title", FBody = "body", FTags = "tags";
    // Analysed fields.
    private const string FTitleSv = "title_sv", FBodySv = "body_sv", FTitleEn = "title_en", FBodyEn = "body_en",
        FTitleNg = "title_ng", FBodyNg = "body_ng", FWords = "words";

    private static readonly Regex WordPattern = new(@"[\p{L}\p{N}]+", RegexOptions.Compiled);
    private static readonly Regex MarkdownNoise = new(@"(!?\[([^\]]*)\]\([^)]*\))|[#*_`>|~]+", RegexOptions.Compiled);

    private readonly LuceneDirectory _directory;
    private readonly bool _ownsDirectory;
    private readonly Analyzer _swedish = new SwedishAnalyzer(Version);
    private readonly Analyzer _english = new EnglishAnalyzer(Version);
    private readonly Analyzer _ngram;
    private readonly Analyzer _words;
    private readonly PerFieldAnalyzerWrapper _indexAnalyzer;
    private readonly IndexWriter _writer;
    private readonly SnapshotDeletionPolicy _commits = new(new KeepOnlyLastCommitDeletionPolicy());
    private readonly object _gate = new();
    private DirectoryReader _reader;
    private IndexSearcher _searcher;
    private bool _dirty;

    public KnowledgeIndex() : this(new RAMDirectory(), ownsDirectory: true)
    {
    }

    /// <param name="directory">Where the index lives (for example a directory restored from a snapshot).</param>
    /// <param name="ownsDirectory">Whether <see cref="Dispose"/> disposes <paramref name="directory"/>.</param>
    public KnowledgeIndex(LuceneDirectory directory, bool ownsDirectory = false)
    {
        _directory = directory ?? throw new ArgumentNullException(nameof(directory));
        _ownsDirectory = ownsDirectory;
        _ngram = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream stream = new LowerCaseFilter(Version, source);
            stream = new ASCIIFoldingFilter(stream);
            stream = new StopFilter(Version, stream, FoldedStopSet);
            stream = new NGramTokenFilter(Version, stream, 3, 5);
            return new TokenStreamComponents(source, stream);
        });
        _words = Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream stream = new LowerCaseFilter(Version, source);
            stream = new ASCIIFoldingFilter(stream);
            return new TokenStreamComponents(source, stream);
        });
        _indexAnalyzer = new PerFieldAnalyzerWrapper(_words, new Dictionary<string, Analyzer>
        {
            [FTitleSv] = _swedish, [FBodySv] = _swedish,
            [FTitleEn] = _english, [FBodyEn] = _english,
            [FTitleNg] = _ngram, [FBodyNg] = _ngram,
            [FWords] = _words,
        });
        _writer = new IndexWriter(_directory, new IndexWriterConfig(Version, _indexAnalyzer)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            IndexDeletionPolicy = _commits,
        });
        _writer.Commit();
        _reader = DirectoryReader.Open(_writer, applyAllDeletes: true);
        _searcher = new IndexSearcher(_reader);
    }

    /// <summary>Adds or replaces the language version <c>(Id, Language)</c> of an article.</summary>
    public void Upsert(SearchableArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var doc = ToDocument(article);
        lock (_gate)
        {
            _writer.UpdateDocument(new Term(FKey, Key(article.Id, article.Language)), doc);
            _dirty = true;
        }
    }

    /// <summary>Adds or replaces several language versions, refreshing the searcher once.</summary>
    public void UpsertMany(IEnumerable<SearchableArticle> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        foreach (var article in articles)
        {
            Upsert(article);
        }
    }

    /// <summary>Removes one language version; removing what is not there does nothing.</summary>
    public void Remove(string id, string language)
    {
        lock (_gate)
        {
            _writer.DeleteDocuments(new Term(FKey, Key(id, language)));
            _dirty = true;
        }
    }

    /// <summary>Makes the changes durable in the directory (for a snapshot).</summary>
    public void Commit()
    {
        lock (_gate)
        {
            _writer.Commit();
        }
    }

    /// <summary>
    /// Commits and writes the index's files (that commit's, held against merges while they are copied) to
    /// <paramref name="zip"/> as a zip archive; <see cref="FromSnapshot"/> opens it again.
    /// </summary>
    public void WriteSnapshot(Stream zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        IndexCommit commit;
        lock (_gate)
        {
            _writer.Commit();
            commit = _commits.Snapshot();
        }
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true);
            var buffer = new byte[64 * 1024];
            foreach (var name in commit.FileNames)
            {
                using var input = _directory.OpenInput(name, IOContext.READ_ONCE);
                using var output = archive.CreateEntry(name, CompressionLevel.Fastest).Open();
                for (var left = input.Length; left > 0;)
                {
                    var n = (int)Math.Min(buffer.Length, left);
                    input.ReadBytes(buffer, 0, n);
                    output.Write(buffer, 0, n);
                    left -= n;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _commits.Release(commit);
            }
        }
    }

    /// <summary>Opens an index from a <see cref="WriteSnapshot"/> archive, in a <see cref="RAMDirectory"/>.</summary>
    /// <exception cref="InvalidDataException">Not a zip archive.</exception>
    /// <exception cref="IOException">Not a Lucene index (Lucene's <c>CorruptIndexException</c> and others).</exception>
    public static KnowledgeIndex FromSnapshot(Stream zip)
    {
        ArgumentNullException.ThrowIfNull(zip);
        var directory = new RAMDirectory();
        try
        {
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true))
            {
                var buffer = new byte[64 * 1024];
                foreach (var entry in archive.Entries)
                {
                    using var input = entry.Open();
                    using var output = directory.CreateOutput(entry.Name, IOContext.DEFAULT);
                    int n;
                    while ((n = input.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        output.WriteBytes(buffer, 0, n);
                    }
                }
            }
            if (!DirectoryReader.IndexExists(directory))
            {
                throw new InvalidDataException("The snapshot holds no Lucene index.");
            }
            return new KnowledgeIndex(directory, ownsDirectory: true);
        }
        catch
        {
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Searches the articles <paramref name="scope"/> may see. One hit per article, in the language
    /// version that scores best (the caller's <paramref name="language"/> is boosted). An empty query
    /// lists every visible article that passes the filters, by title. Never throws on query text.
    /// </summary>
    public SearchResultPage Search(string? query, string? language, SearchScope scope, SearchFilters? filters = null,
        int page = 1, int pageSize = 10)
    {
        ArgumentNullException.ThrowIfNull(scope);
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        var searcher = CurrentSearcher();
        var filter = BuildFilter(scope, filters);
        var terms = AnalyseQuery(query ?? string.Empty);

        List<Scored> ranked;
        if (terms.Count == 0)
        {
            ranked = Collect(searcher, new MatchAllDocsQuery(), filter)
                .Select(g => new Scored(g, 0, 0, PickVersion(g.Versions, language), []))
                .OrderBy(s => s.Version.Title, StringComparer.Create(CultureInfo.GetCultureInfo("sv-SE"), true))
                .ThenBy(s => s.Group.Id, StringComparer.Ordinal)
                .ToList();
        }
        else
        {
            ranked = Rank(searcher, terms, language, filter).Where(s => s.Coverage >= SearchThreshold).ToList();
        }

        var hits = ranked.Skip((page - 1) * pageSize).Take(pageSize)
            .Select(s => new SearchHit(s.Group.Id, s.Version.Language, s.Version.Title, s.Version.Type,
                Math.Round(s.Final, 4), Snippet(s.Version, terms)))
            .ToList();
        return new SearchResultPage(hits, ranked.Count, page, pageSize);
    }

    /// <summary>
    /// The best few articles for a draft ticket, or none when the best one does not reach
    /// <see cref="SuggestThreshold"/>. The reason is written in <paramref name="language"/> ("sv" or "en").
    /// </summary>
    public IReadOnlyList<KnowledgeSuggestion> Suggest(string? title, string? description, string? language,
        SearchScope scope, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (max <= 0)
        {
            return [];
        }

        var text = $"{title} {title} {description}";
        var terms = AnalyseQuery(text);
        if (terms.Count == 0)
        {
            return [];
        }

        var ranked = Rank(CurrentSearcher(), terms, language, BuildFilter(scope, null));
        if (ranked.Count == 0 || !Suggestible(ranked[0]))
        {
            return [];
        }

        var best = ranked[0].Final;
        return ranked
            .Where(s => Suggestible(s) && s.Final >= best * 0.5)
            .Take(max)
            .Select(s => new KnowledgeSuggestion(s.Group.Id, s.Version.Language, s.Version.Title,
                Math.Round(s.Final, 4), Reason(s, language)))
            .ToList();
    }

    /// <summary>
    /// Why articles are (or are not) suggested: the best candidates with their coverage, final score and
    /// how each query word matched, whatever the threshold. For calibration and support.
    /// </summary>
    public IReadOnlyList<SuggestionExplanation> Explain(string? title, string? description, string? language,
        SearchScope scope, int max = 5)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var terms = AnalyseQuery($"{title} {title} {description}");
        if (terms.Count == 0)
        {
            return [];
        }

        return Rank(CurrentSearcher(), terms, language, BuildFilter(scope, null))
            .Take(Math.Max(0, max))
            .Select(s => new SuggestionExplanation(s.Group.Id, Math.Round(s.Coverage, 4), Math.Round(s.Final, 4),
                s.Matches.Select(m => new TermMatch(m.Term.Raw, Math.Round(m.Term.Weight, 3), m.Match, m.Term.Known)).ToList()))
            .ToList();
    }

    /// <summary>
    /// Enough evidence to suggest: most of the description is found in the article, or (for long,
    /// rambling descriptions) at least <see cref="StrongMatchesForLongText"/> distinctive words are and
    /// the coverage is at least <see cref="MinCoverageForLongText"/>.
    /// </summary>
    private static bool Suggestible(Scored s) =>
        s.Coverage >= SuggestThreshold
        || (s.Coverage >= MinCoverageForLongText
            && s.Matches.Count(m => m.Match >= 0.75 && m.Term.Weight >= MinDistinctiveWeight) >= StrongMatchesForLongText);

    public void Dispose()
    {
        lock (_gate)
        {
            _reader.Dispose();
            _writer.Dispose();
            _indexAnalyzer.Dispose();
            _swedish.Dispose();
            _english.Dispose();
            _ngram.Dispose();
            _words.Dispose();
            if (_ownsDirectory)
            {
                _directory.Dispose();
            }
        }
    }
}
