using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ServiceDesk.Application.Knowledge;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Knowledge;
using ServiceDesk.Functions.Knowledge;
using ServiceDesk.Infrastructure.Knowledge;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Knowledge;

/// <summary>
/// The search index snapshot on Azurite: the first instance builds its index from the store and saves a snapshot; a
/// cold start of another instance opens the snapshot and catches up from the change feed without reading every article;
/// a snapshot that cannot be opened falls back to the store.
/// </summary>
public sealed class KnowledgeSnapshotTests : IAsyncLifetime
{
    // Minutes in the past: the clock is advanced, and tokens it issues must not be from the future.
    private static readonly DateTimeOffset Start = new DateTimeOffset(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(-10);
    private readonly FakeTimeProvider _clock = new(Start);
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(overrides: s => s.AddSingleton<TimeProvider>(_clock));
        await _app.SeedCustomerAsync("contoso");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_cold_start_opens_the_snapshot_and_catches_up_from_the_change_feed_without_listing_every_article()
    {
        var store = _app.Get<IKnowledgeStore>();
        Assert.True(await store.TryInsertAsync(Published("KB-BEFORESNAP1", "Skrivaren skriver inte ut", "Starta om utskriftskön och kontrollera att skrivaren är vald."), default));
        _clock.Advance(TimeSpan.FromMinutes(1));    // the snapshot's watermark is after this article's change

        var first = _app.Get<KnowledgeSearch>();
        Assert.Contains("KB-BEFORESNAP1", (await Search(_app, "skrivaren")).Body, StringComparison.Ordinal);
        Assert.Equal("store", first.OpenedFrom);
        await first.SnapshotSaving;
        var saved = await _app.Get<IKnowledgeIndexSnapshots>().LoadAsync(default);
        Assert.NotNull(saved);
        await saved.Value.Data.DisposeAsync();
        Assert.True(saved.Value.Watermark > Start);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await store.TryInsertAsync(Published("KB-AFTERSNAP01", "BankID på ny telefon", "Installera BankID-appen och beställ ett nytt BankID från banken."), default));

        CountingKnowledgeStore? counting = null;
        await using var other = await TestApp.StartAsync(s => s["ServiceDesk:Storage:TablePrefix"] = _app.TablePrefix, s =>
        {
            s.AddSingleton<TimeProvider>(_clock);
            s.AddSingleton<IKnowledgeStore>(sp => counting = new CountingKnowledgeStore(ActivatorUtilities.CreateInstance<TableKnowledgeStore>(sp)));
        });
        var fromSnapshot = await Search(other, "skrivaren");
        Assert.True(fromSnapshot.Body.Contains("KB-BEFORESNAP1", StringComparison.Ordinal), fromSnapshot.Body);   // from the snapshot
        Assert.Contains("KB-AFTERSNAP01", (await Search(other, "bankid")).Body, StringComparison.Ordinal);      // from the change feed
        Assert.Equal("snapshot", other.Get<KnowledgeSearch>().OpenedFrom);
        Assert.NotNull(counting);
        Assert.Equal(0, counting.Lists);
        Assert.Equal(["KB-AFTERSNAP01"], counting.Found);      // only what changed after the watermark was read
        Assert.True(other.Get<KnowledgeSearch>().SnapshotSaving.IsCompleted);
    }

    [Fact]
    public async Task A_snapshot_that_cannot_be_opened_is_logged_and_the_index_is_built_from_the_store()
    {
        Assert.True(await _app.Get<IKnowledgeStore>().TryInsertAsync(Published("KB-CORRUPTSNAP", "Skrivaren skriver inte ut", "Starta om utskriftskön."), default));
        await _app.Get<IKnowledgeIndexSnapshots>().SaveAsync(new MemoryStream("not a zip"u8.ToArray()), Start.AddHours(1), default);

        var search = _app.Get<KnowledgeSearch>();
        Assert.Contains("KB-CORRUPTSNAP", (await Search(_app, "skrivaren")).Body, StringComparison.Ordinal);
        Assert.Equal("store", search.OpenedFrom);
        await search.SnapshotSaving;   // replaced by a good one
        var saved = await _app.Get<IKnowledgeIndexSnapshots>().LoadAsync(default);
        Assert.NotNull(saved);
        await using (saved.Value.Data)
        {
            using var index = KnowledgeIndex.FromSnapshot(saved.Value.Data);
            Assert.Contains(index.Search("skrivaren", "sv", SearchScope.ForStaff).Hits, h => h.Id == "KB-CORRUPTSNAP");
        }
    }

    private static async Task<ApiResponse> Search(TestApp app, string q)
    {
        var token = await app.TokenAsync("u1", "contoso", "EndUser");
        return await app.SendAsync(r => app.Get<KnowledgeApi>().Search(r), "GET", "/api/knowledge/search?q=" + Uri.EscapeDataString(q), token: token);
    }

    private Article Published(string id, string title, string body)
    {
        var now = _clock.GetUtcNow();
        return new Article
        {
            Id = id,
            Draft = new ArticleContent
            {
                Type = ArticleType.Faq,
                Translations = new Dictionary<Language, ArticleTranslation> { [Language.Sv] = new(title, body) },
                Audience = ArticleAudience.AllCustomers,
            },
            Status = ArticleStatus.Draft, Owner = "a-erik", CreatedAt = now, UpdatedAt = now, UpdatedBy = "Erik",
        }.Publish("Erik", now);
    }

    /// <summary>The table store, counting the reads a cold start makes.</summary>
    private sealed class CountingKnowledgeStore(IKnowledgeStore inner) : IKnowledgeStore
    {
        private int _lists;

        public int Lists => Volatile.Read(ref _lists);
        public List<string> Found { get; } = [];

        public Task<IReadOnlyList<Article>> ListAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _lists);
            return inner.ListAsync(ct);
        }

        public Task<(Article Article, string ETag)?> FindAsync(string id, CancellationToken ct)
        {
            lock (Found)
            {
                Found.Add(id);
            }
            return inner.FindAsync(id, ct);
        }

        public Task<bool> TryInsertAsync(Article article, CancellationToken ct) => inner.TryInsertAsync(article, ct);
        public Task SaveAsync(Article article, string etag, CancellationToken ct) => inner.SaveAsync(article, etag, ct);
        public Task<Article?> FindByProblemAsync(string problemNumber, CancellationToken ct) => inner.FindByProblemAsync(problemNumber, ct);
        public Task<IReadOnlyList<(string Id, DateTimeOffset At)>> ChangedSinceAsync(DateTimeOffset after, CancellationToken ct) => inner.ChangedSinceAsync(after, ct);
        public Task<IReadOnlyList<(string ArticleId, DateOnly ReviewBy)>> ReviewsDueAsync(DateOnly day, CancellationToken ct) => inner.ReviewsDueAsync(day, ct);
        public Task RemoveReviewAsync(string articleId, DateOnly reviewBy, CancellationToken ct) => inner.RemoveReviewAsync(articleId, reviewBy, ct);
        public Task AddFeedbackAsync(ArticleFeedback feedback, CancellationToken ct) => inner.AddFeedbackAsync(feedback, ct);
        public Task<IReadOnlyList<ArticleFeedback>> ListFeedbackAsync(string articleId, CancellationToken ct) => inner.ListFeedbackAsync(articleId, ct);
        public Task RecordOutcomeAsync(GuidanceOutcome outcome, CancellationToken ct) => inner.RecordOutcomeAsync(outcome, ct);
        public Task<IReadOnlyList<GuidanceOutcome>> ListOutcomesAsync(string customerId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct) =>
            inner.ListOutcomesAsync(customerId, from, to, ct);
        public Task<IReadOnlyList<RedirectTopic>> GetRedirectsAsync(string customerId, CancellationToken ct) => inner.GetRedirectsAsync(customerId, ct);
        public Task PutRedirectsAsync(string customerId, IReadOnlyList<RedirectTopic> topics, CancellationToken ct) => inner.PutRedirectsAsync(customerId, topics, ct);
    }
}
