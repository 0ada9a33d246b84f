using System.Text.RegularExpressions;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Domain.Mail;

/// <summary>The ticket token every ServiceDesk mail carries in its subject, <c>[INC-000123]</c>.</summary>
public static partial class TicketToken
{
    public static string Format(string number) => $"[{number}]";

    /// <summary>The first well-formed ticket token in a subject, if any.</summary>
    public static string? Find(string? subject)
    {
        if (string.IsNullOrEmpty(subject))
        {
            return null;
        }
        foreach (Match match in TokenPattern().Matches(subject))
        {
            var candidate = match.Groups[1].Value.ToUpperInvariant();
            if (TicketNumber.TryParse(candidate, out _))
            {
                return candidate;
            }
        }
        return null;
    }

    [GeneratedRegex(@"\[\s*((?:INC|REQ|PRB)-\d{6,18})\s*\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 100)]
    private static partial Regex TokenPattern();
}
