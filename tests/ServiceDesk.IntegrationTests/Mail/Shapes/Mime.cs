using System.Text;

namespace ServiceDesk.IntegrationTests.Mail.Shapes;

/// <summary>
/// Small helpers to write mail bytes by hand: CRLF lines, RFC 2047 encoded words as Outlook and Thunderbird write
/// them, quoted-printable and base64 bodies wrapped at 76 columns.
/// </summary>
internal static class Mime
{
    public const string Date = "Wed, 9 Dec 2026 09:14:27 +0100";

    /// <summary>A fresh Message-ID value (without angle brackets), so a shared app never sees a duplicate.</summary>
    public static string NewId(string domain = "contoso.se") => $"{Guid.NewGuid():N}@{domain}";

    /// <summary>Joins lines with CRLF and ends with CRLF.</summary>
    public static string Lines(params string[] lines) => string.Join("\r\n", lines) + "\r\n";

    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>An RFC 2047 Q encoded word (several, folded, when long), as Outlook (iso-8859-1) and Thunderbird (UTF-8) write subjects.</summary>
    public static string Q(string text, string charset = "UTF-8")
    {
        var encoding = Encoding.GetEncoding(charset);
        if (text.All(c => c is >= ' ' and <= '~'))
        {
            return text;
        }
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in text)
        {
            var bytes = encoding.GetBytes(ch.ToString());
            var piece = ch == ' ' ? "_"
                : char.IsAsciiLetterOrDigit(ch) || ch is '.' or '-' or '!' or '*' or '+' or '/' ? ch.ToString()
                : string.Concat(bytes.Select(b => $"={b:X2}"));
            if (current.Length + piece.Length > 45)
            {
                words.Add(current.ToString());
                current.Clear();
            }
            current.Append(piece);
        }
        words.Add(current.ToString());
        return string.Join("\r\n ", words.Select(w => $"=?{charset}?Q?{w}?="));
    }

    /// <summary>Quoted-printable of the text in the charset, CRLF as hard line breaks, soft breaks before column 76.</summary>
    public static string QuotedPrintable(string text, string charset = "UTF-8")
    {
        var encoding = Encoding.GetEncoding(charset);
        var output = new StringBuilder();
        foreach (var line in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var column = 0;
            var bytes = encoding.GetBytes(line);
            for (var i = 0; i < bytes.Length; i++)
            {
                var b = bytes[i];
                var last = i == bytes.Length - 1;
                var piece = (b is >= 33 and <= 126 && b != '=') || (b == ' ' && !last) ? ((char)b).ToString() : $"={b:X2}";
                if (column + piece.Length > 75)
                {
                    output.Append("=\r\n");
                    column = 0;
                }
                output.Append(piece);
                column += piece.Length;
            }
            output.Append("\r\n");
        }
        return output.ToString();
    }

    /// <summary>Base64 in 76-column lines, each ended by CRLF.</summary>
    public static string Base64(byte[] bytes)
    {
        var text = Convert.ToBase64String(bytes);
        var output = new StringBuilder();
        for (var i = 0; i < text.Length; i += 76)
        {
            output.Append(text, i, Math.Min(76, text.Length - i)).Append("\r\n");
        }
        return output.ToString();
    }

    public static string Base64(string text, string charset = "UTF-8") => Base64(Encoding.GetEncoding(charset).GetBytes(text));

    /// <summary>A tiny but well-formed PDF.</summary>
    public static byte[] Pdf(string text) => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]/Contents 4 0 R>>endobj\n" +
        $"4 0 obj<</Length {text.Length + 22}>>stream\nBT /F1 12 Tf 10 50 Td ({text}) Tj ET\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    /// <summary>The 8-byte PNG signature and an IHDR chunk: enough to be an image to anyone sniffing it.</summary>
    public static byte[] Png() => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    /// <summary>Bytes that look like ciphertext (deterministic for a seed).</summary>
    public static byte[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
