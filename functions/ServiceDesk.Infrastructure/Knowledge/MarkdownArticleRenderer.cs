using Ganss.Xss;
using Markdig;
using ServiceDesk.Application.Knowledge;

namespace ServiceDesk.Infrastructure.Knowledge;

/// <summary>
/// Article Markdown to HTML (Markdig, common extensions, raw HTML kept only to be cleaned) and then HtmlSanitizer's
/// allow-list: scripts, event handlers, styles that run code and URLs other than http, https and mailto are removed.
/// </summary>
public sealed class MarkdownArticleRenderer : IArticleRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string markdown) => _sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline));

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.Add("http");
        sanitizer.AllowedSchemes.Add("https");
        sanitizer.AllowedSchemes.Add("mailto");
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        return sanitizer;
    }
}
