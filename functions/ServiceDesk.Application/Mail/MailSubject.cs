using System.Text.RegularExpressions;
using ServiceDesk.Application.Common;
using ServiceDesk.Domain.Mail;

namespace ServiceDesk.Application.Mail;

/// <summary>A ticket title from a mail's subject.</summary>
public static partial class MailSubject
{
    /// <summary>
    /// The subject without reply/forward prefixes and our token, cut with an ellipsis when longer than a title may be;
    /// without a subject the first words of the body, else "(inget ämne / no subject)".
    /// </summary>
    public static string TitleOf(string subject, string body = "")
    {
        var title = MailText.CleanLine(subject);
        string previous;
        do
        {
            previous = title;
            title = Prefix().Replace(title, "").Trim();
        } while (title != previous);
        title = TokenInSubject().Replace(title, "").Trim();
        if (title.Length == 0)
        {
            title = MailText.TitleFromBody(body, Limits.TitleLength) ?? "(inget ämne / no subject)";
        }
        return MailText.Cut(title, Limits.TitleLength);
    }

    [GeneratedRegex(@"^((re|sv|vs|aw|fw|fwd|vb|vidarebefordrat|antw)\s*(\[\d+\])?\s*:\s*)", RegexOptions.IgnoreCase)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"\[\s*(INC|REQ|PRB)-\d{6,18}\s*\]", RegexOptions.IgnoreCase)]
    private static partial Regex TokenInSubject();
}
