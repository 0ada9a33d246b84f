using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Ganss.Xss;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// HTML mail bodies to plain text: sanitised first (HtmlSanitizer: no script, no event handlers, no remote content
/// survives), then flattened with line breaks for block elements. Quoted history (<c>blockquote</c>, Gmail's
/// <c>gmail_quote</c>) is prefixed with <c>&gt;</c> so the reply stripper treats it like a plain-text quote.
/// </summary>
public static class HtmlText
{
    private static readonly HtmlSanitizer Sanitizer = CreateSanitizer();
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "section", "article", "header", "footer",
    };

    public static string ToText(string html)
    {
        var clean = Sanitizer.Sanitize(html);
        var document = new HtmlParser().ParseDocument("<html><body>" + clean + "</body></html>");
        var sb = new StringBuilder();
        Walk(document.Body!, sb);
        return string.Join('\n', sb.ToString().Split('\n').Select(l => l.TrimEnd())).Trim();
    }

    private static void Walk(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                var collapsed = System.Text.RegularExpressions.Regex.Replace(text.Data.Replace('\u00a0', ' '), @"\s+", " ");
                if (collapsed.Trim().Length == 0 && (sb.Length == 0 || sb[^1] == '\n'))
                {
                    continue;
                }
                sb.Append(sb.Length == 0 || sb[^1] == '\n' ? collapsed.TrimStart() : collapsed);
            }
            else if (child is IElement element)
            {
                var name = element.LocalName;
                var isQuote = name == "blockquote" || element.ClassList.Contains("gmail_quote");
                if (isQuote)
                {
                    var inner = new StringBuilder();
                    Walk(element, inner);
                    NewLine(sb);
                    foreach (var line in inner.ToString().Trim().Split('\n'))
                    {
                        sb.Append("> ").Append(line.TrimEnd()).Append('\n');
                    }
                    continue;
                }
                if (name == "br")
                {
                    sb.Append('\n');
                    continue;
                }
                if (Blocks.Contains(name))
                {
                    NewLine(sb);
                }
                if (name == "li")
                {
                    sb.Append("- ");
                }
                Walk(element, sb);
                if (Blocks.Contains(name))
                {
                    NewLine(sb);
                }
                else if (name is "td" or "th")
                {
                    sb.Append(' ');
                }
            }
        }
    }

    private static void NewLine(StringBuilder sb)
    {
        if (sb.Length > 0 && sb[^1] != '\n')
        {
            sb.Append('\n');
        }
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        // Text is all we keep: images (remote or not) and their URLs go, so nothing ever loads from a sender's server.
        sanitizer.AllowedTags.Remove("img");
        sanitizer.AllowedAttributes.Clear();
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.AllowedSchemes.Clear();
        return sanitizer;
    }
}
