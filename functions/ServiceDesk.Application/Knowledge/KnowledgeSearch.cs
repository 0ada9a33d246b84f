using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
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
/// The index is opened on first use — from the latest shared snapshot (<see cref="IKnowledgeIndexSnapshots"/>) when there is
/// one, catching up from the store's change feed after the snapshot's watermark, else built from every article in the
/// store — then updated at once by writes through this instance, and catches up from the change feed (articles saved by
/// other instances, or a write whose index update failed) at most every <see cref="CatchUpEvery"/> before a search: never
/// silently stale for longer than that. A snapshot is saved in the background after a build from the store, and then at
/// most every <see cref="SnapshotEvery"/> when the index changed; a failed load or save is logged, never a failed search.
/// </summary>
/// <param name="snapshots">Where snapshots are shared; null: none (every cold start builds from the store).</param>
public sealed partial class KnowledgeSearch(IKnowledgeStore store, Redirects redirects, TimeProvider time,
    IKnowledgeIndexSnapshots? snapshots = null, ILogger<KnowledgeSearch>? logger = null) : IDisposable
{
    public static readonly TimeSpan CatchUpEvery = TimeSpan.FromSeconds(15);

    /// <summary>A changed index is snapshotted at most this often by an instance.</summary>
    public static readonly TimeSpan SnapshotEvery = TimeSpan.FromMinutes(10);

    /// <summary>A write in flight while reading the store (or the feed) is read again at the next catch-up.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = logger ?? NullLogger<KnowledgeSearch>.Instance;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile KnowledgeIndex? _index;
    private DateTimeOffset? _watermark;
    private DateTimeOffset _caughtUpAt = DateTimeOffset.MinValue;
    private volatile bool _changedSinceSnapshot;
    private DateTimeOffset _snapshotAt = DateTimeOffset.MinValue;
    private Task _saving = Task.CompletedTask;

    /// <summary>How this instance's index was opened: <c>"snapshot"</c>, <c>"store"</c>, or null before the first search.</summary>
    public string? OpenedFrom { get; private set; }

    /// <summary>The snapshot save in flight (a completed task when there is none; it never faults).</summary>
    public Task SnapshotSaving => _saving;

    public async Task<SearchResultPage> SearchAsync(Caller caller, string? q, string? language, string? type, string? service, string? page, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var lang = errors.Enum<Language>("lang", language, required: false);
        var t = errors.Enum<ArticleType>("type", type, required: false);
        var p = 1;
        if (page is not null && (!int.TryParse(page, out p) || p is < 1 or > 1000))
        {
            errors.Add("page", FieldRule.Range, "'page' must be 1 to 1000.", FieldErrors.Args(("min", 1), ("max", 1000)));
        }
        if (q is { Length: > 1000 })
        {
            errors.Add("q", FieldRule.TooLong, "'q' must be at most 1000 characters.", FieldErrors.Args(("max", 1000)));
        }
        errors.ThrowIfAny();
        await EnsureCurrentAsync(ct);
        return _index!.Search(q, Code(lang), Scope(caller), new SearchFilters(t is null ? null : Name(t.Value), service), p, 10);
    }

    public async Task<SuggestResult> SuggestAsync(Caller caller, SuggestInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var title = errors.Text("title", input.Title, Limits.TitleLength, required: false);
        var description = errors.Text("description", input.Description, Limits.DescriptionLength, required: false);
        var language = errors.Enum<Language>("language", input.Language, required: false) ?? Language.Sv;
        if (title is null && description is null)
        {
            errors.Add("title", FieldRule.Required, "Give the draft's 'title' and/or 'description'.");
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
        return new SuggestResult(_index!.Suggest(title, description, Code(language), scope), redirect);
    }

    /// <summary>Puts the article's published translations in this instance's index (or takes them out).</summary>
    public void Indexed(Article article)
    {
        if (_index is { } index)   // not opened yet: opening reads the article from the store or the change feed
        {
            Index(index, article);
            _changedSinceSnapshot = true;
        }
    }

    private static void Index(KnowledgeIndex index, Article article)
    {
        foreach (var language in new[] { Language.Sv, Language.En })
        {
            var code = Code(language)!;
            if (article.Current?.Content is { } content && content.Translations.TryGetValue(language, out var t))
            {
                index.Upsert(new SearchableArticle(article.Id, Name(content.Type), code, t.Title, t.Body, content.Tags, content.Services,
                    content.Audience switch
                    {
                        ArticleAudience.AllCustomers => SearchableArticle.AudienceAll,
                        ArticleAudience.ListedCustomers => SearchableArticle.AudienceCustomers,
                        _ => SearchableArticle.AudienceInternal,
                    }, content.Customers));
            }
            else
            {
                index.Remove(article.Id, code);
            }
        }
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
                await OpenAsync(now, ct);
            }
            else if (now - _caughtUpAt >= CatchUpEvery)
            {
                await CatchUpAsync(ct);
            }
            _caughtUpAt = now;
            StartSnapshot(now);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task OpenAsync(DateTimeOffset now, CancellationToken ct)
    {
        if (_index is null && snapshots is not null && await LoadSnapshotAsync(ct) is { } snapshot)
        {
            _index = snapshot.Index;
            _watermark = snapshot.Watermark;
            _snapshotAt = now;
            OpenedFrom = "snapshot";
            LogOpened(_logger, snapshot.Watermark, await CatchUpAsync(ct));
            return;
        }
        var index = _index ??= new KnowledgeIndex();   // writes through this instance go in while the store is read
        foreach (var article in await store.ListAsync(ct))
        {
            Index(index, article);
        }
        _watermark = now - Margin;
        _changedSinceSnapshot = true;
        OpenedFrom = "store";
    }

    private async Task<(KnowledgeIndex Index, DateTimeOffset Watermark)?> LoadSnapshotAsync(CancellationToken ct)
    {
        try
        {
            if (await snapshots!.LoadAsync(ct) is not { } loaded)
            {
                return null;
            }
            await using (loaded.Data)
            {
                return (KnowledgeIndex.FromSnapshot(loaded.Data), loaded.Watermark);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogLoadFailed(_logger, e);
            return null;
        }
    }

    /// <returns>How many articles changed.</returns>
    private async Task<int> CatchUpAsync(CancellationToken ct)
    {
        var changes = await store.ChangedSinceAsync(_watermark!.Value, ct);
        // The watermark trails the newest change by a margin (a save in flight may land a little earlier), so the last
        // few changes are listed again: an article is read only for a change not processed yet.
        var fresh = changes.GroupBy(c => c.Id).Select(g => (Id: g.Key, At: g.Max(c => c.At)))
            .Where(c => !_processed.TryGetValue(c.Id, out var seen) || c.At > seen).ToList();
        foreach (var (id, at) in fresh)
        {
            if (await store.FindAsync(id, ct) is { } found)
            {
                Index(_index!, found.Article);
            }
            _processed[id] = at;
        }
        if (fresh.Count > 0)
        {
            _changedSinceSnapshot = true;
        }
        if (changes.Count > 0 && changes.Max(c => c.At) - Margin > _watermark)
        {
            _watermark = changes.Max(c => c.At) - Margin;
            foreach (var old in _processed.Where(p => p.Value < _watermark).Select(p => p.Key).ToList())
            {
                _processed.Remove(old);   // older than the watermark: never listed again
            }
        }
        return fresh.Count;
    }

    private readonly Dictionary<string, DateTimeOffset> _processed = new(StringComparer.Ordinal);

    /// <summary>Under the gate: every article changed before the watermark is in the index now, so in the snapshot taken after.</summary>
    private void StartSnapshot(DateTimeOffset now)
    {
        if (snapshots is null || !_changedSinceSnapshot || !_saving.IsCompleted || now - _snapshotAt < SnapshotEvery)
        {
            return;
        }
        var (index, watermark) = (_index!, _watermark!.Value);
        _changedSinceSnapshot = false;
        _snapshotAt = now;
        _saving = Task.Run(async () =>
        {
            try
            {
                using var data = new MemoryStream();
                index.WriteSnapshot(data);
                data.Position = 0;
                await snapshots.SaveAsync(data, watermark, CancellationToken.None);
            }
            catch (Exception e)
            {
                _changedSinceSnapshot = true;
                LogSaveFailed(_logger, e);
            }
        });
    }

    private static SearchScope Scope(Caller caller) => caller.IsStaff ? SearchScope.ForStaff : SearchScope.ForCustomer(caller.CustomerId);

    private static string? Code(Language? language) => language?.ToString().ToLowerInvariant();

    private static string Name(ArticleType type) => char.ToLowerInvariant(type.ToString()[0]) + type.ToString()[1..];

    [LoggerMessage(Level = LogLevel.Warning, Message = "The knowledge index snapshot could not be loaded; building the index from the store.")]
    private static partial void LogLoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The knowledge index snapshot could not be saved; the next is tried after the snapshot interval.")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Knowledge index opened from the snapshot of {Watermark:o}: {Changed} articles changed since.")]
    private static partial void LogOpened(ILogger logger, DateTimeOffset watermark, int changed);

    public void Dispose()
    {
        try
        {
            _saving.Wait(TimeSpan.FromSeconds(10));   // a save in flight reads the index
        }
        catch (AggregateException)
        {
        }
        _index?.Dispose();
        _gate.Dispose();
    }
}
