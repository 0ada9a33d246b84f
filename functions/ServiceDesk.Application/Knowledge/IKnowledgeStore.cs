using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Knowledge;

namespace ServiceDesk.Application.Knowledge;

/// <summary>A reader's verdict on an article.</summary>
public sealed record ArticleFeedback(string ArticleId, string UserId, string? CustomerId, bool Helpful, string? Comment, DateTimeOffset At);

/// <summary>
/// A topic that is not the supplier's (payroll, facilities, the ERP vendor's own helpdesk…): who handles it, how to
/// reach them and the guidance users get, in Swedish and English.
/// </summary>
public sealed record RedirectTopic(string Id, BilingualText Name, IReadOnlyList<string> Keywords, string HandledBy, string Contact, BilingualText Guidance);

/// <summary>What guidance achieved: <c>deflection</c> (article id in <see cref="Reference"/>) or <c>redirect</c> (topic id).</summary>
public sealed record GuidanceOutcome(string CustomerId, string Kind, string Reference, string? TicketNumber, string UserId, DateTimeOffset At)
{
    public const string Deflection = "deflection", Redirect = "redirect";
}

/// <summary>Articles (a JSON document each, with an ETag), feedback rows, and each customer's redirect topics.</summary>
public interface IKnowledgeStore
{
    Task<(Article Article, string ETag)?> FindAsync(string id, CancellationToken ct);
    Task<bool> TryInsertAsync(Article article, CancellationToken ct);

    /// <exception cref="Common.PreconditionFailedException">Changed by someone else since <paramref name="etag"/>.</exception>
    Task SaveAsync(Article article, string etag, CancellationToken ct);

    /// <summary>Every article (for building the search index and listings); a knowledge base holds thousands, not millions.</summary>
    Task<IReadOnlyList<Article>> ListAsync(CancellationToken ct);

    Task<Article?> FindByProblemAsync(string problemNumber, CancellationToken ct);

    /// <summary>The saves after <paramref name="after"/> (the change feed search indexes catch up from): article id and when, oldest first.</summary>
    Task<IReadOnlyList<(string Id, DateTimeOffset At)>> ChangedSinceAsync(DateTimeOffset after, CancellationToken ct);

    Task AddFeedbackAsync(ArticleFeedback feedback, CancellationToken ct);
    Task<IReadOnlyList<ArticleFeedback>> ListFeedbackAsync(string articleId, CancellationToken ct);

    /// <summary>Records a deflection (an article solved it: no ticket, or one closed at once) or a redirect, for the statistics.</summary>
    Task RecordOutcomeAsync(GuidanceOutcome outcome, CancellationToken ct);

    /// <summary>A customer's deflections and redirects in [from, to).</summary>
    Task<IReadOnlyList<GuidanceOutcome>> ListOutcomesAsync(string customerId, DateTimeOffset from, DateTimeOffset to, CancellationToken ct);

    /// <summary>Articles whose review-by date is on or before <paramref name="day"/> (from the review index: only what is due).</summary>
    Task<IReadOnlyList<(string ArticleId, DateOnly ReviewBy)>> ReviewsDueAsync(DateOnly day, CancellationToken ct);

    /// <summary>Takes an article's entry out of the review index (reminded, or its date changed).</summary>
    Task RemoveReviewAsync(string articleId, DateOnly reviewBy, CancellationToken ct);

    Task<IReadOnlyList<RedirectTopic>> GetRedirectsAsync(string customerId, CancellationToken ct);
    Task PutRedirectsAsync(string customerId, IReadOnlyList<RedirectTopic> topics, CancellationToken ct);
}
