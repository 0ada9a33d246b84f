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
public sealed class KnowledgeIndex : IDisposable
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

    // ---- Indexing -------------------------------------------------------------------------------

    private static string Key(string id, string language) => $"{id}\u001f{Lang(language)}";

    private static string Lang(string? language) =>
        string.Equals(language?.Trim(), "en", StringComparison.OrdinalIgnoreCase) ? "en" : "sv";

    private static Document ToDocument(SearchableArticle a)
    {
        var lang = Lang(a.Language);
        var tags = string.Join(" ", a.Tags ?? []);
        var services = string.Join(" ", a.Services ?? []);
        var titleText = $"{a.Title} {tags} {services}";
        var body = PlainText(a.Body ?? string.Empty);
        var doc = new Document
        {
            new StringField(FKey, Key(a.Id, lang), Field.Store.NO),
            new StringField(FId, a.Id, Field.Store.YES),
            new StringField(FLang, lang, Field.Store.YES),
            new StringField(FType, (a.Type ?? string.Empty).Trim().ToLowerInvariant(), Field.Store.YES),
            new StringField(FAudience, (a.Audience ?? string.Empty).Trim().ToLowerInvariant(), Field.Store.YES),
            new StoredField(FTitle, a.Title ?? string.Empty),
            new StoredField(FBody, body),
            new StoredField(FTags, $"{tags} {services}"),
            new TextField(lang == "en" ? FTitleEn : FTitleSv, titleText, Field.Store.NO),
            new TextField(lang == "en" ? FBodyEn : FBodySv, body, Field.Store.NO),
            new TextField(FTitleNg, titleText, Field.Store.NO),
            new TextField(FBodyNg, body, Field.Store.NO),
            new TextField(FWords, $"{titleText} {body}", Field.Store.NO),
        };
        foreach (var service in a.Services ?? [])
        {
            doc.Add(new StringField(FService, service.Trim().ToLowerInvariant(), Field.Store.NO));
        }

        foreach (var customer in a.Customers ?? [])
        {
            doc.Add(new StringField(FCustomer, customer.Trim(), Field.Store.NO));
        }

        return doc;
    }

    private static string PlainText(string markdown) =>
        MarkdownNoise.Replace(markdown, m => m.Groups[2].Success ? m.Groups[2].Value : " ");

    private IndexSearcher CurrentSearcher()
    {
        lock (_gate)
        {
            if (_dirty)
            {
                var changed = DirectoryReader.OpenIfChanged(_reader, _writer, applyAllDeletes: true);
                if (changed is not null)
                {
                    _reader.Dispose();
                    _reader = changed;
                    _searcher = new IndexSearcher(_reader);
                }

                _dirty = false;
            }

            return _searcher;
        }
    }

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
