using System.Globalization;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Knowledge;

namespace ServiceDesk.Application.Knowledge;

/// <summary>
/// The knowledge base's articles: staff write the working copy and move it through draft → in review → published →
/// archived; publishing keeps a version. Readers (end users) get the latest published version of the articles their
/// audience allows, and nothing else exists for them (404). Bodies are Markdown, shown as sanitised HTML.
/// </summary>
public sealed class KnowledgeArticles(IKnowledgeStore store, IArticleRenderer renderer, ICustomerDirectory customers, KnowledgeSearch search, TimeProvider time)
{
    public const int MaxBodyLength = 100_000;
    public const int MaxListItems = 30;

    public async Task<ArticleView> CreateAsync(Caller caller, ArticleInput input, CancellationToken ct)
    {
        RequireStaff(caller);
        var (content, owner, reviewBy) = await ParseAsync(caller, input, ct);
        var now = time.GetUtcNow();
        var article = new Article
        {
            Id = "KB-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
            Draft = content,
            Status = ArticleStatus.Draft,
            Owner = owner,
            ReviewBy = reviewBy,
            CreatedAt = now,
            UpdatedAt = now,
            UpdatedBy = caller.Name,
        };
        await store.TryInsertAsync(article, ct);
        return ArticleView.From(article, article.Draft, null, renderer, staff: true);
    }

    public async Task<ArticleView> UpdateAsync(Caller caller, string id, ArticleInput input, CancellationToken ct)
    {
        RequireStaff(caller);
        var (content, owner, reviewBy) = await ParseAsync(caller, input, ct);
        var saved = await ChangeAsync(caller, id, a => a.Edit(content, owner, reviewBy, caller.Name, time.GetUtcNow()), ct);
        return ArticleView.From(saved, saved.Draft, saved.Current, renderer, staff: true);
    }

    /// <summary>submit (for review), publish, archive, restore (to a draft).</summary>
    public async Task<ArticleView> TransitionAsync(Caller caller, string id, string action, CancellationToken ct)
    {
        RequireStaff(caller);
        Func<Article, Article> apply = action switch
        {
            "submit" => a => a.Submit(caller.Name, time.GetUtcNow()),
            "publish" => a => a.Publish(caller.Name, time.GetUtcNow()),
            "archive" => a => a.Archive(caller.Name, time.GetUtcNow()),
            "restore" => a => a.Restore(caller.Name, time.GetUtcNow()),
            _ => throw new NotFoundException($"Unknown action '{(action.Length <= 30 ? action : action[..30])}'. Use submit, publish, archive or restore."),
        };
        var saved = await ChangeAsync(caller, id, apply, ct);
        return ArticleView.From(saved, saved.Draft, saved.Current, renderer, staff: true);
    }

    /// <summary>Staff: the working copy and its status; readers: the latest published version, if they may see it.</summary>
    public async Task<ArticleView> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var article = await FindAsync(id, ct);
        if (caller.IsStaff)
        {
            return ArticleView.From(article, article.Draft, article.Current, renderer, staff: true);
        }
        if (article.Current is not { } current || !Article.Visible(current.Content, false, caller.CustomerId))
        {
            throw NotFound(id);
        }
        return ArticleView.From(article, current.Content, current, renderer, staff: false);
    }

    /// <summary>Every published version (staff), newest first.</summary>
    public async Task<IReadOnlyList<ArticleView>> VersionsAsync(Caller caller, string id, CancellationToken ct)
    {
        RequireStaff(caller);
        var article = await FindAsync(id, ct);
        return article.Versions.Reverse().Select(v => ArticleView.From(article, v.Content, v, renderer, staff: true)).ToList();
    }

    /// <summary>Staff: every article (optionally by status and type); readers: published articles their audience allows.</summary>
    public async Task<IReadOnlyList<ArticleView>> ListAsync(Caller caller, string? status, string? type, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var wantedStatus = errors.Enum<ArticleStatus>("status", status, required: false);
        var wantedType = errors.Enum<ArticleType>("type", type, required: false);
        errors.ThrowIfAny();
        var all = await store.ListAsync(ct);
        if (caller.IsStaff)
        {
            return all.Where(a => (wantedStatus is null || a.Status == wantedStatus) && (wantedType is null || a.Draft.Type == wantedType))
                .OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => ArticleView.From(a, a.Draft, a.Current, renderer, staff: true)).ToList();
        }
        return all.Where(a => a.Current is { } c && Article.Visible(c.Content, false, caller.CustomerId) && (wantedType is null || c.Content.Type == wantedType))
            .OrderBy(a => a.Id, StringComparer.Ordinal).Select(a => ArticleView.From(a, a.Current!.Content, a.Current, renderer, staff: false)).ToList();
    }

    /// <summary>
    /// A problem record became a known error with a workaround: its known-error article is created as a draft (or its
    /// draft updated) with the problem's title, root cause and workaround — in the languages given (the desk writes
    /// problem records in one language; the other translation is missing until someone writes it), internal until a
    /// person changes the audience and publishes it. Publishing stays a person's decision.
    /// </summary>
    public async Task<Article> KnownErrorAsync(string problemNumber, string title, string? rootCause, string workaround, Language language, string by, CancellationToken ct)
    {
        var body = (rootCause is null ? "" : $"## {(language == Language.En ? "Cause" : "Orsak")}\n\n{rootCause}\n\n") +
                   $"## {(language == Language.En ? "Workaround" : "Tillfällig lösning")}\n\n{workaround}\n";
        var now = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            if (await store.FindByProblemAsync(problemNumber, ct) is not { } existing)
            {
                var article = new Article
                {
                    Id = "KB-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(),
                    Draft = new ArticleContent
                    {
                        Type = ArticleType.KnownError,
                        Translations = new Dictionary<Language, ArticleTranslation> { [language] = new(title, body) },
                        Audience = ArticleAudience.Internal,
                        Tags = ["known-error"],
                    },
                    Status = ArticleStatus.Draft,
                    Owner = by,
                    ProblemNumber = problemNumber,
                    CreatedAt = now,
                    UpdatedAt = now,
                    UpdatedBy = by,
                };
                if (await store.TryInsertAsync(article, ct))
                {
                    return article;
                }
                continue;
            }
            var (current, etag) = (await store.FindAsync(existing.Id, ct))!.Value;
            var translations = new Dictionary<Language, ArticleTranslation>(current.Draft.Translations) { [language] = new(title, body) };
            var next = current.Status == ArticleStatus.Archived
                ? current
                : current.Edit(current.Draft with { Translations = translations }, current.Owner, current.ReviewBy, by, now);
            try
            {
                await store.SaveAsync(next, etag, ct);
                search.Indexed(next);
                return next;
            }
            catch (PreconditionFailedException) when (attempt < 10)
            {
            }
        }
    }

    /// <summary>The problem behind a known-error article was resolved: the article says so (readers see it is fixed).</summary>
    public async Task ProblemResolvedAsync(string problemNumber, CancellationToken ct)
    {
        if (await store.FindByProblemAsync(problemNumber, ct) is { ProblemResolvedAt: null } article)
        {
            await ChangeAsync(null, article.Id, a => a with { ProblemResolvedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow() }, ct);
        }
    }

    /// <summary>A reader's verdict (helpful or not, an optional comment) on an article they can see.</summary>
    public async Task FeedbackAsync(Caller caller, string id, FeedbackInput input, CancellationToken ct)
    {
        await GetAsync(caller, id, ct);
        var errors = new FieldErrors();
        if (input.Helpful is null)
        {
            errors.Add("helpful", FieldRule.Required, "'helpful' (true or false) is required.");
        }
        var comment = errors.Text("comment", input.Comment, Limits.ReasonLength, required: false);
        errors.ThrowIfAny();
        await store.AddFeedbackAsync(new ArticleFeedback(id, caller.UserId, caller.IsStaff ? null : caller.CustomerId, input.Helpful!.Value, comment, time.GetUtcNow()), ct);
    }

    /// <summary>Staff read an article's feedback: every verdict, newest first, and the share found helpful.</summary>
    public async Task<(IReadOnlyList<ArticleFeedback> Items, double? HelpfulShare)> ListFeedbackAsync(Caller caller, string id, CancellationToken ct)
    {
        RequireStaff(caller);
        await FindAsync(id, ct);
        var items = (await store.ListFeedbackAsync(id, ct)).OrderByDescending(f => f.At).ToList();
        return (items, items.Count == 0 ? null : Math.Round(items.Count(f => f.Helpful) / (double)items.Count, 3));
    }

    private async Task<Article> ChangeAsync(Caller? caller, string id, Func<Article, Article> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (current, etag) = await FindWithETagAsync(id, ct);
            Article next;
            try
            {
                next = change(current);
            }
            catch (DomainRuleException e)
            {
                throw new ConflictException(e.Code, e.Message);
            }
            try
            {
                await store.SaveAsync(next, etag, ct);
                search.Indexed(next);   // this instance at once; others (and a failure here) catch up from the change feed
                return next;
            }
            catch (PreconditionFailedException) when (attempt < 10)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
    }

    private async Task<(ArticleContent, string Owner, DateOnly? ReviewBy)> ParseAsync(Caller caller, ArticleInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var type = errors.Enum<ArticleType>("type", input.Type, required: true);
        var audience = errors.Enum<ArticleAudience>("audience", input.Audience, required: true);
        var translations = new Dictionary<Language, ArticleTranslation>();
        foreach (var (lang, t) in input.Translations ?? [])
        {
            var language = errors.Enum<Language>($"translations.{lang}", lang, required: true);
            var title = errors.Text($"translations.{lang}.title", t?.Title, Limits.TitleLength, required: true);
            var body = errors.Text($"translations.{lang}.body", t?.Body, MaxBodyLength, required: true);
            if (language is { } l && title is not null && body is not null)
            {
                translations[l] = new ArticleTranslation(title, body);
            }
        }
        if (input.Translations is not { Count: > 0 })
        {
            errors.Add("translations", FieldRule.Required, "Give the article in Swedish (\"sv\") and/or English (\"en\"): {\"title\", \"body\"} each.");
        }
        var tags = errors.TextList("tags", input.Tags, MaxListItems);
        var services = errors.TextList("services", input.Services, MaxListItems);
        var cis = errors.TextList("configurationItems", input.ConfigurationItems, MaxListItems);
        var listed = errors.TextList("customers", input.Customers, MaxListItems);
        if (audience == ArticleAudience.ListedCustomers && listed.Count == 0)
        {
            errors.Add("customers", FieldRule.Required, "An article for listed customers needs at least one customer id.");
        }
        if (audience != ArticleAudience.ListedCustomers && listed.Count > 0)
        {
            errors.Add("customers", FieldRule.Forbidden, "Only an article for listed customers lists customers.");
        }
        var owner = errors.Identifier("owner", input.Owner, required: false) ?? caller.UserId;
        DateOnly? reviewBy = null;
        if (input.ReviewBy is not null)
        {
            if (DateOnly.TryParseExact(input.ReviewBy, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                reviewBy = d;
            }
            else
            {
                errors.Add("reviewBy", FieldRule.Date, "Give 'reviewBy' as \"yyyy-MM-dd\".");
            }
        }
        errors.ThrowIfAny();
        foreach (var c in listed)
        {
            if (!CustomerId.IsValid(c) || await customers.FindAsync(c, ct) is null)
            {
                throw ValidationException.For("customers", FieldRule.Unknown, $"Unknown customer '{c}'.");
            }
        }
        var content = new ArticleContent
        {
            Type = type!.Value,
            Translations = translations,
            Tags = tags,
            Services = services,
            ConfigurationItems = cis,
            Audience = audience!.Value,
            Customers = listed,
        };
        return (content, owner, reviewBy);
    }

    private async Task<Article> FindAsync(string id, CancellationToken ct) => (await FindWithETagAsync(id, ct)).Article;

    private async Task<(Article Article, string ETag)> FindWithETagAsync(string id, CancellationToken ct) =>
        (id.Length <= 40 ? await store.FindAsync(id, ct) : null) ?? throw NotFound(id);

    private static NotFoundException NotFound(string id) => new($"Article '{(id.Length <= 40 ? id : id[..40])}' was not found.");

    private static void RequireStaff(Caller caller)
    {
        if (!caller.IsStaff)
        {
            throw new ForbiddenException("Only service desk staff may write knowledge articles.");
        }
    }
}
