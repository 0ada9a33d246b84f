using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Knowledge;

namespace ServiceDesk.Application.Knowledge;

/// <summary>One language of an article as readers get it: the Markdown and its sanitised HTML; null when that translation is missing.</summary>
public sealed record TranslationView(string Title, string Body, string Html);

/// <summary>
/// An article as the API shows it. Readers get the latest published version; staff also get the working copy's status
/// and the versions. <see cref="MissingTranslations"/> names a language that does not exist: it is never filled in from
/// the other.
/// </summary>
public sealed record ArticleView(
    string Id, string Type, string Status, int? Version, DateTimeOffset? PublishedAt, string? PublishedBy,
    IReadOnlyDictionary<string, TranslationView?> Translations, IReadOnlyList<string> MissingTranslations,
    IReadOnlyList<string> Tags, IReadOnlyList<string> Services, IReadOnlyList<string> ConfigurationItems, string Audience,
    IReadOnlyList<string> Customers, string Owner, DateOnly? ReviewBy, string? ProblemNumber, bool? ProblemResolved, DateTimeOffset UpdatedAt)
{
    public static ArticleView From(Article a, ArticleContent content, PublishedVersion? version, IArticleRenderer renderer, bool staff) => new(
        a.Id, Camel(content.Type.ToString()), staff ? Camel(a.Status.ToString()) : "published", version?.Version, version?.PublishedAt, staff ? version?.PublishedBy : null,
        new[] { Language.Sv, Language.En }.ToDictionary(l => l.ToString().ToLowerInvariant(),
            l => content.Translations.TryGetValue(l, out var t) ? new TranslationView(t.Title, t.Body, renderer.ToHtml(t.Body)) : null),
        new[] { Language.Sv, Language.En }.Where(l => !content.Translations.ContainsKey(l)).Select(l => l.ToString().ToLowerInvariant()).ToList(),
        content.Tags, content.Services, content.ConfigurationItems, Camel(content.Audience.ToString()), staff ? content.Customers : [],
        staff ? a.Owner : "", staff ? a.ReviewBy : null, a.ProblemNumber, a.ProblemNumber is null ? null : a.ProblemResolvedAt is not null, a.UpdatedAt);

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}

/// <summary>Markdown to HTML that is safe to show: scripts, event handlers and unsafe URLs removed.</summary>
public interface IArticleRenderer
{
    string ToHtml(string markdown);
}
