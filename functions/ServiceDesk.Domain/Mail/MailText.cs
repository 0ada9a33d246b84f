using System.Text;

namespace ServiceDesk.Domain.Mail;

/// <summary>
/// Text taken from a mail is cleaned, never refused for its characters: line ends become \n, control characters other
/// than tab and newline are removed, C1 controls (U+0080–U+009F, what windows-1252 text labelled Latin-1 decodes to)
/// become the windows-1252 characters they stand for (“ ” – € …), lone surrogates and a leading byte-order mark go.
/// The raw message is kept as received, so nothing is lost by cleaning.
/// </summary>
public static class MailText
{
    public const char Ellipsis = '…';

    // windows-1252 0x80..0x9F; '\0' where the code page leaves the byte undefined (removed).
    private const string C1 = "€\0‚ƒ„…†‡ˆ‰Š‹Œ\0Ž\0\0‘’“”•–—˜™š›œ\0žŸ";

    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r':
                    sb.Append('\n');
                    if (i + 1 < text.Length && text[i + 1] == '\n')
                    {
                        i++;
                    }
                    continue;
                case '\n' or '\t':
                    sb.Append(c);
                    continue;
                case '\uFEFF' when sb.Length == 0:
                    continue;
                case >= '\u0080' and <= '\u009F':
                    if (C1[c - 0x80] is not '\0' and var mapped)
                    {
                        sb.Append(mapped);
                    }
                    continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (!char.IsControl(c) && !char.IsSurrogate(c))
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    /// <summary>One line: <see cref="Clean"/>, then line breaks and tabs as single spaces.</summary>
    public static string CleanLine(string? text) =>
        string.Join(' ', Clean(text).Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));

    /// <summary>At most <paramref name="max"/> characters; a cut text ends with an ellipsis (at a word end when one is near).</summary>
    public static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var end = max - 1;
        if (char.IsLowSurrogate(text[end]))
        {
            end--;
        }
        var space = text.LastIndexOf(' ', end, Math.Min(end, 20));
        if (space > max / 2)
        {
            end = space;
        }
        return text[..end].TrimEnd() + Ellipsis;
    }

    /// <summary>A title for a mail without a subject: the first words of its body, or null when the body is empty.</summary>
    public static string? TitleFromBody(string body, int max)
    {
        foreach (var line in Clean(body).Split('\n'))
        {
            var words = CleanLine(line);
            if (words.Length > 0 && !words.StartsWith('>'))
            {
                return Cut(words, Math.Min(max, 80));
            }
        }
        return null;
    }
}
