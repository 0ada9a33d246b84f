using System.Text.RegularExpressions;

namespace ServiceDesk.Domain.Mail;

/// <summary>
/// Keeps what the person wrote in a reply and drops the quoted history: everything from the first reply header
/// (Outlook's From/Sent/To/Subject block in English or Swedish, Gmail's and Apple Mail's "On … wrote:" and
/// "Den … skrev …:", the "Original Message" separators), <c>&gt;</c>-quoted lines, and the signature after <c>-- </c>
/// or a "Sent from my phone" line. When nothing is left (a mail that is all quote), the whole text is kept.
/// </summary>
public static partial class ReplyStripper
{
    public static string Strip(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var kept = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (IsHistoryStart(lines, i) || line is "-- " or "--" || SentFromDevice().IsMatch(trimmed))
            {
                break;
            }
            if (trimmed.StartsWith('>'))
            {
                continue;
            }
            kept.Add(line.TrimEnd());
        }
        var result = Collapse(kept);
        return result.Length > 0 ? result : Collapse(lines.Select(l => l.TrimEnd()).ToList());
    }

    private static bool IsHistoryStart(string[] lines, int i)
    {
        var line = lines[i].Trim();
        if (line.Length == 0)
        {
            return false;
        }
        if (OriginalMessage().IsMatch(line))
        {
            return true;
        }
        // Gmail/Apple Mail, possibly wrapped over two lines: "On Tue, 4 Mar 2025 at 09:12, Anna <a@x.se>\nwrote:".
        var joined = i + 1 < lines.Length ? line + " " + lines[i + 1].Trim() : line;
        if (WroteEnglish().IsMatch(line) || (line.StartsWith("On ", StringComparison.Ordinal) && WroteEnglish().IsMatch(joined)))
        {
            return true;
        }
        if (WroteSwedish().IsMatch(line) || (SwedishIntro().IsMatch(line) && WroteSwedish().IsMatch(joined)))
        {
            return true;
        }
        // Outlook: an underscore rule, or a From:/Från: line followed by Sent/Date/To/Subject lines.
        if (line.Length >= 10 && line.All(c => c == '_') && i + 1 < lines.Length && HeaderFrom().IsMatch(NextNonEmpty(lines, i + 1)))
        {
            return true;
        }
        if (HeaderFrom().IsMatch(line))
        {
            var following = lines.Skip(i + 1).Take(4).Select(l => l.Trim()).Where(l => l.Length > 0).Take(3);
            return following.Any(l => HeaderOther().IsMatch(l));
        }
        return false;
    }

    private static string NextNonEmpty(string[] lines, int from) =>
        lines.Skip(from).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";

    private static string Collapse(List<string> lines)
    {
        var sb = new System.Text.StringBuilder();
        var blank = 0;
        foreach (var line in lines)
        {
            if (line.Trim().Length == 0)
            {
                blank++;
                continue;
            }
            if (sb.Length > 0)
            {
                sb.Append(blank > 0 ? "\n\n" : "\n");
            }
            blank = 0;
            sb.Append(line);
        }
        return sb.ToString().Trim();
    }

    [GeneratedRegex(@"^-{2,}\s*(Original Message|Ursprungligt meddelande|Originalmeddelande|Forwarded message|Vidarebefordrat meddelande)\s*-{2,}$", RegexOptions.IgnoreCase)]
    private static partial Regex OriginalMessage();

    [GeneratedRegex(@"^On\s.{4,300}\swrote:\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex WroteEnglish();

    [GeneratedRegex(@"^(Den\s|\d{1,2}\s\w+\.?\s\d{4}|\d{4}-\d{2}-\d{2}).{0,300}\sskrev\s.{0,300}:\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex WroteSwedish();

    [GeneratedRegex(@"^(Den\s|\d{1,2}\s\w+\.?\s\d{4}|\d{4}-\d{2}-\d{2})", RegexOptions.IgnoreCase)]
    private static partial Regex SwedishIntro();

    [GeneratedRegex(@"^\*?(From|Från|Von|De)\s?:\*?\s", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderFrom();

    [GeneratedRegex(@"^\*?(Sent|Skickat|Date|Datum|To|Till|Subject|Ämne|Cc|Kopia)\s?:\*?", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderOther();

    [GeneratedRegex(@"^(Sent from my |Skickat från min |Hämta Outlook för |Get Outlook for )", RegexOptions.IgnoreCase)]
    private static partial Regex SentFromDevice();
}
