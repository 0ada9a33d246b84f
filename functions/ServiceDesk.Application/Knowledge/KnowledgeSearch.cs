using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Knowledge;

namespace ServiceDesk.Application.Knowledge;

/// <summary>A redirect the draft matched: who handles it and the guidance in the caller's language.</summary>
public sealed record RedirectSuggestion(string TopicId, string Name, string HandledBy, string Contact, string Guidance);

/// <summary>What <c>POST /api/knowledge/suggest</c> answers: articles that may solve the draft, or a redirect.</summary>
public sealed record SuggestResult(IReadOnlyList<KnowledgeSuggestion> Articles, RedirectSuggestion? Redirect);

/// <summary><c>POST /api/knowledge/suggest</c>: the draft of a ticket about to be opened.</summary>
public sealed record SuggestInput(string? Title, string? Description, string? Language, string? CustomerId);

/// <summary>
/// Search and suggestions over the published articles, with the Lucene index of this instance (<see cref="KnowledgeIndex"/>).
/// The index is built from the store on first use, updated at once by writes through this instance, and catches up from
/// the store's change feed (articles saved by other instances, or a write whose index update failed) at most every
/// <see cref="CatchUpEvery"/> before a search: never silently stale for longer than that.
/// </summary>
public sealed class KnowledgeSearch(IKnowledgeStore store, Redirects redirects, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan CatchUpEvery = TimeSpan.FromSeconds(15);

    private readonly KnowledgeIndex _index = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _watermark;
    private DateTimeOffset _caughtUpAt = DateTimeOffset.MinValue;

    public async Task<SearchResultPage> SearchAsync(Caller caller, string? q, string? language, string? type, string? service, string? page, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var lang = errors.Enum<Language>("lang", language, required: false);
        var t = errors.Enum<ArticleType>("type", type, required: false);
        var p = 1;
        if (page is not null && (!int.TryParse(page, out p) || p is < 1 or > 1000))
        {
            errors.Add("page", "'page' must be 1 to 1000.");
        }
        if (q is { Length: > 1000 })
        {
            errors.Add("q", "'q' must be at most 1000 characters.");
        }
        errors.ThrowIfAny();
        await EnsureCurrentAsync(ct);
        return _index.Search(q, Code(lang), Scope(caller), new SearchFilters(t is null ? null : Name(t.Value), service), p, 10);
    }

    public async Task<SuggestResult> SuggestAsync(Caller caller, SuggestInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var title = errors.Text("title", input.Title, Limits.TitleLength, required: false);
        var description = errors.Text("description", input.Description, Limits.DescriptionLength, required: false);
        var language = errors.Enum<Language>("language", input.Language, required: false) ?? Language.Sv;
        if (title is null && description is null)
        {
            errors.Add("title", "Give the draft's 'title' and/or 'description'.");
        }
        errors.ThrowIfAny();
        var customerId = caller.IsStaff ? input.CustomerId : caller.CustomerId;
        RedirectSuggestion? redirect = null;
        if (customerId is not null && Customers.CustomerId.IsValid(customerId) && (!caller.IsStaff || caller.Serves(customerId)) &&
            await redirects.MatchAsync(customerId, $"{title}\n{description}", ct) is { } topic)
        {
            redirect = new RedirectSuggestion(topic.Id, topic.Name.For(language), topic.HandledBy, topic.Contact, Redirects.Guidance(topic, language));
        }
        await EnsureCurrentAsync(ct);
        var scope = caller.IsStaff && customerId is null ? SearchScope.ForStaff : caller.IsStaff ? new SearchScope(false, customerId) : Scope(caller);
        return new SuggestResult(_index.Suggest(title, description, Code(language), scope), redirect);
    }

    /// <summary>Puts the article's published translations in this instance's index (or takes them out).</summary>
    public void Indexed(Article article)
    {
        foreach (var language in new[] { Language.Sv, Language.En })
        {
            var code = Code(language)!;
            if (article.Current?.Content is { } content && content.Translations.TryGetValue(language, out var t))
            {
                _index.Upsert(new SearchableArticle(article.Id, Name(content.Type), code, t.Title, t.Body, content.Tags, content.Services,
                    content.Audience switch
                    {
                        ArticleAudience.AllCustomers => SearchableArticle.AudienceAll,
                        ArticleAudience.ListedCustomers => SearchableArticle.AudienceCustomers,
                        _ => SearchableArticle.AudienceInternal,
                    }, content.Customers));
            }
            else
            {
                _index.Remove(article.Id, code);
            }
        }
        _index.Commit();
    }

    private async Task EnsureCurrentAsync(CancellationToken ct)
    {
        if (_watermark is not null && time.GetUtcNow() - _caughtUpAt < CatchUpEvery)
        {
            return;
        }
        await _gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            if (_watermark is null)
            {
                foreach (var article in await store.ListAsync(ct))
                {
                    Indexed(article);
                }
                _watermark = now - TimeSpan.FromSeconds(5);   // a write in flight while listing is read again below
            }
            else if (now - _caughtUpAt >= CatchUpEvery)
            {
                var (ids, latest) = await store.ChangedSinceAsync(_watermark.Value, ct);
                foreach (var id in ids)
                {
                    if (await store.FindAsync(id, ct) is { } found)
                    {
                        Indexed(found.Article);
                    }
                }
                if (latest is { } l && l - TimeSpan.FromSeconds(5) > _watermark)
                {
                    _watermark = l - TimeSpan.FromSeconds(5);
                }
            }
            _caughtUpAt = now;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static SearchScope Scope(Caller caller) => caller.IsStaff ? SearchScope.ForStaff : SearchScope.ForCustomer(caller.CustomerId);

    private static string? Code(Language? language) => language?.ToString().ToLowerInvariant();

    private static string Name(ArticleType type) => char.ToLowerInvariant(type.ToString()[0]) + type.ToString()[1..];

    public void Dispose()
    {
        _index.Dispose();
        _gate.Dispose();
    }
}
