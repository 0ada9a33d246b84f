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

/// <summary>Indexing: one Lucene document per article language version, and the current searcher.</summary>
public sealed partial class KnowledgeIndex
{
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
}
