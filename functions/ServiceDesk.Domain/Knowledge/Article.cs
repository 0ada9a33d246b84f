using ServiceDesk.Domain.Common;

namespace ServiceDesk.Domain.Knowledge;

public enum ArticleType
{
    Process,
    Instruction,
    Faq,
    KnownError,
    Solution,
}

/// <summary>The lifecycle of an article's working copy: draft → in review → published → archived.</summary>
public enum ArticleStatus
{
    Draft,
    InReview,
    Published,
    Archived,
}

/// <summary>Who may read an article: the supplier's staff only, every customer, or the listed customers.</summary>
public enum ArticleAudience
{
    Internal,
    AllCustomers,
    ListedCustomers,
}

/// <summary>One language of an article: a title and a Markdown body.</summary>
public sealed record ArticleTranslation(string Title, string Body);

/// <summary>What an article says and to whom: the part that is versioned when it is published.</summary>
public sealed record ArticleContent
{
    public required ArticleType Type { get; init; }
    /// <summary>By language ("sv", "en"); a missing language is missing, never filled from the other.</summary>
    public required IReadOnlyDictionary<Language, ArticleTranslation> Translations { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> Services { get; init; } = [];
    public IReadOnlyList<string> ConfigurationItems { get; init; } = [];
    public required ArticleAudience Audience { get; init; }
    public IReadOnlyList<string> Customers { get; init; } = [];
}

/// <summary>A published version: its content as published, who published it and when.</summary>
public sealed record PublishedVersion(int Version, ArticleContent Content, DateTimeOffset PublishedAt, string PublishedBy);

/// <summary>
/// A knowledge article: one id for the Swedish/English translation pair. Staff edit the working copy (<see cref="Draft"/>)
/// and move it through the lifecycle; publishing keeps the content as a new version (every version is kept, with who and
/// when), and readers see the latest published version until the article is archived. A known-error article may be
/// linked to the problem record it came from.
/// </summary>
public sealed record Article
{
    public required string Id { get; init; }
    public required ArticleContent Draft { get; init; }
    public required ArticleStatus Status { get; init; }
    public required string Owner { get; init; }
    public DateOnly? ReviewBy { get; init; }
    public string? ProblemNumber { get; init; }
    /// <summary>Set when the linked problem was resolved: the known error is fixed.</summary>
    public DateTimeOffset? ProblemResolvedAt { get; init; }
    public IReadOnlyList<PublishedVersion> Versions { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public required string UpdatedBy { get; init; }

    /// <summary>What readers see: the latest published version while the article is not archived.</summary>
    public PublishedVersion? Current => Status == ArticleStatus.Archived || Versions.Count == 0 ? null : Versions[^1];

    /// <summary>
    /// Whether someone may read the published article: staff read everything; a customer's user reads articles for all
    /// customers and those listing their customer, never internal ones.
    /// </summary>
    public static bool Visible(ArticleContent content, bool staff, string? customerId) => staff || content.Audience switch
    {
        ArticleAudience.AllCustomers => true,
        ArticleAudience.ListedCustomers => customerId is not null && content.Customers.Contains(customerId, StringComparer.Ordinal),
        _ => false,
    };

    public Article Edit(ArticleContent content, string owner, DateOnly? reviewBy, string by, DateTimeOffset now)
    {
        if (Status == ArticleStatus.Archived)
        {
            throw new DomainRuleException("article.archived", $"Article {Id} is archived; restore it to a draft first.");
        }
        // Editing a published article starts a new draft; readers keep the published version until it is published again.
        return this with { Draft = content, Owner = owner, ReviewBy = reviewBy, Status = ArticleStatus.Draft, UpdatedAt = now, UpdatedBy = by };
    }

    public Article Submit(string by, DateTimeOffset now) => Move("submit", [ArticleStatus.Draft], ArticleStatus.InReview, by, now);

    public Article Publish(string by, DateTimeOffset now)
    {
        var next = Move("publish", [ArticleStatus.Draft, ArticleStatus.InReview], ArticleStatus.Published, by, now);
        return next with { Versions = [.. Versions, new PublishedVersion(Versions.Count + 1, Draft, now, by)] };
    }

    public Article Archive(string by, DateTimeOffset now) => Move("archive", [ArticleStatus.Published, ArticleStatus.Draft, ArticleStatus.InReview], ArticleStatus.Archived, by, now);

    public Article Restore(string by, DateTimeOffset now) => Move("restore", [ArticleStatus.Archived], ArticleStatus.Draft, by, now);

    private Article Move(string action, ArticleStatus[] from, ArticleStatus to, string by, DateTimeOffset now)
    {
        if (!from.Contains(Status))
        {
            throw new DomainRuleException("article.illegal-transition", $"Cannot {action} article {Id}: it is {Status}; {action} is allowed from {string.Join(", ", from)}.");
        }
        return this with { Status = to, UpdatedAt = now, UpdatedBy = by };
    }
}
