using System.Text;

namespace ServiceDesk.IntegrationTests.Mail.Charsets;

/// <summary>
/// Hand-written MIME encoders for the generated corpus: RFC 2047 encoded words (Q and B), RFC 2231 parameter values,
/// quoted-printable and base64 bodies. Deliberately not MimeKit, which is the library under test on the parsing side.
/// Text is encoded with strict encoders: a sentence its charset cannot hold fails the generation instead of turning
/// into '?' silently.
/// </summary>
public static class MailBytes
{
    /// <summary>
    /// A strict encoder for a charset name. Legacy code pages come straight from <see cref="CodePagesEncodingProvider"/>
    /// without registering it process-wide: the product has to register it itself, and these tests must notice if it does not.
    /// </summary>
    public static Encoding Strict(string name)
    {
        switch (name.ToLowerInvariant())
        {
            case "utf-8":
                return new UTF8Encoding(false, true);
            case "utf-7" or "unicode-1-1-utf-7":
#pragma warning disable SYSLIB0001 // UTF-7 is obsolete, and exactly what old Exchange and Outlook Express clients sent
                return new UTF7Encoding(allowOptionals: false);
#pragma warning restore SYSLIB0001
        }
        return CodePagesEncodingProvider.Instance.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
            ?? Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
    }

    /// <summary>
    /// RFC 2047 encoded words for a header (<c>=?charset?Q?...?=</c> or <c>=?charset?B?...?=</c>), each at most
    /// 75 characters, split between whole characters and folded onto continuation lines the way mail clients do.
    /// </summary>
    public static string EncodedWords(string text, string charset, char mode, string encodingName, string fold = "\n ")
    {
        var encoding = Strict(encodingName);
        var words = new List<string>();
        var current = "";
        foreach (var rune in text.EnumerateRunes())
        {
            var candidate = current + rune;
            if (current.Length > 0 && Word(candidate, charset, mode, encoding).Length > 75)
            {
                words.Add(Word(current, charset, mode, encoding));
                current = rune.ToString();
            }
            else
            {
                current = candidate;
            }
        }
        if (current.Length > 0)
        {
            words.Add(Word(current, charset, mode, encoding));
        }
        return string.Join(fold, words);
    }

    /// <summary>One encoded word holding all of the text (Outlook and Gmail write file names this way).</summary>
    public static string Word(string text, string charset, char mode, Encoding encoding)
    {
        var bytes = encoding.GetBytes(text);
        return mode switch
        {
            'B' => $"=?{charset}?B?{Convert.ToBase64String(bytes)}?=",
            'Q' => $"=?{charset}?Q?{QWord(bytes)}?=",
            _ => throw new ArgumentOutOfRangeException(nameof(mode)),
        };
    }

    /// <summary>The Q encoding of RFC 2047 in its strictest (phrase) form: letters, digits and !*+-/ are literal, space is _.</summary>
    public static string QWord(byte[] bytes)
    {
        var s = new StringBuilder();
        foreach (var b in bytes)
        {
            if (b == ' ')
            {
                s.Append('_');
            }
            else if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                     or (byte)'!' or (byte)'*' or (byte)'+' or (byte)'-' or (byte)'/')
            {
                s.Append((char)b);
            }
            else
            {
                s.Append('=').Append(b.ToString("X2"));
            }
        }
        return s.ToString();
    }

    /// <summary>RFC 2231 percent encoding of a parameter value (attribute-chars literal, the rest %XX).</summary>
    public static string Percent(byte[] bytes)
    {
        var s = new StringBuilder();
        foreach (var b in bytes)
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'&' or (byte)'+' or (byte)'-' or (byte)'.' or (byte)'^' or (byte)'_'
                or (byte)'`' or (byte)'|' or (byte)'~')
            {
                s.Append((char)b);
            }
            else
            {
                s.Append('%').Append(b.ToString("X2"));
            }
        }
        return s.ToString();
    }

    /// <summary><c>param*=charset''value</c>, the single-segment RFC 2231 form.</summary>
    public static string Rfc2231(string parameter, string text, string charset, string encodingName) =>
        $"{parameter}*={charset}''{Percent(Strict(encodingName).GetBytes(text))}";

    /// <summary>
    /// <c>param*0*=charset''...; param*1*=...</c>: RFC 2231 continuations as Thunderbird writes long names, split
    /// between whole characters, one segment per folded line.
    /// </summary>
    public static string Rfc2231Continued(string parameter, string text, string charset, string encodingName, int segmentChars = 6)
    {
        var encoding = Strict(encodingName);
        var runes = text.EnumerateRunes().Select(r => r.ToString()).ToList();
        var segments = new List<string>();
        for (var i = 0; i < runes.Count; i += segmentChars)
        {
            var chunk = string.Concat(runes.Skip(i).Take(segmentChars));
            var index = segments.Count;
            segments.Add($"{parameter}*{index}*={(index == 0 ? charset + "''" : "")}{Percent(encoding.GetBytes(chunk))}");
        }
        return string.Join(";\n ", segments);
    }

    /// <summary>Quoted-printable (RFC 2045) of bytes whose line ends are LF: hard line breaks stay, soft breaks at 76.</summary>
    public static string QuotedPrintable(byte[] bytes)
    {
        var s = new StringBuilder();
        var line = new StringBuilder();
        void Emit(string token)
        {
            if (line.Length + token.Length > 75)
            {
                s.Append(line).Append("=\n");
                line.Clear();
            }
            line.Append(token);
        }
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '\n')
            {
                s.Append(line).Append('\n');
                line.Clear();
                continue;
            }
            var atLineEnd = i + 1 == bytes.Length || bytes[i + 1] == '\n';
            var literal = b is >= 33 and <= 126 && b != '=' || (b is (byte)' ' or (byte)'\t' && !atLineEnd);
            Emit(literal ? ((char)b).ToString() : "=" + b.ToString("X2"));
        }
        s.Append(line);
        return s.ToString();
    }

    /// <summary>Base64 in lines of 76 characters, LF line ends.</summary>
    public static string Base64(byte[] bytes)
    {
        var all = Convert.ToBase64String(bytes);
        var s = new StringBuilder(all.Length + all.Length / 76 + 1);
        for (var i = 0; i < all.Length; i += 76)
        {
            s.Append(all, i, Math.Min(76, all.Length - i)).Append('\n');
        }
        return s.ToString();
    }

    /// <summary>LF to CRLF; the corpus is written with LF and converted unless a case is about bare LF.</summary>
    public static byte[] Crlf(byte[] lf)
    {
        var output = new MemoryStream(lf.Length + lf.Length / 20);
        foreach (var b in lf)
        {
            if (b == '\n')
            {
                output.WriteByte((byte)'\r');
            }
            output.WriteByte(b);
        }
        return output.ToArray();
    }

    /// <summary>Header text, which the corpus always writes as ASCII (everything else is encoded first).</summary>
    public static byte[] Ascii(string s) =>
        s.All(char.IsAscii) ? Encoding.ASCII.GetBytes(s)
            : throw new ArgumentException("Header text must be ASCII: " + s);
}
