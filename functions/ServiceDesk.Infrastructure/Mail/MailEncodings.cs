using System.Text;
using System.Text.RegularExpressions;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// The charsets mail clients write. .NET itself ships only ASCII, Latin-1 and the Unicode encodings, so the legacy code
/// pages (windows-125x, koi8-r, iso-8859-x, gb2312/gbk/gb18030, big5, shift_jis, euc-jp, iso-2022-jp, euc-kr and
/// ks_c_5601-1987) are registered here for the whole process (MimeKit asks <see cref="Encoding.GetEncoding(int)"/>), and
/// UTF-7, which .NET refuses by default, is served for mail only. Text parts are decoded by <see cref="DecodeText"/>:
/// a known charset with its superset where clients mislabel (gb2312 → GB18030, euc-kr → code page 949, iso-8859-1 and
/// us-ascii → windows-1252, as browsers do); no or an unknown charset → UTF-8 when the bytes are valid UTF-8, else
/// windows-1252; invalid bytes become U+FFFD, never an error.
/// </summary>
public static partial class MailEncodings
{
    private static int _registered;

    /// <summary>Bytes a decoder cannot map become U+FFFD (as UTF-8 does), never '?' and never an error.</summary>
    private static readonly DecoderReplacementFallback Replacement = new("\uFFFD");

    public static Encoding Windows1252 { get; } = Resolve("windows-1252")!;


    /// <summary>Registers the code pages once per process; every host calls it at start (the parser does too).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        }
    }

    /// <summary>The decoder for a charset label as clients write it; null when the label is unknown.</summary>
    public static Encoding? Resolve(string? charset)
    {
        Register();
        var name = charset?.Trim().Trim('"', '\'').ToLowerInvariant();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        name = name switch
        {
            "gb2312" or "gbk" or "x-gbk" or "cp936" or "ms936" or "windows-936" or "euc-cn" or "csgb2312" or "chinese" => "gb18030",
            "euc-kr" or "ks_c_5601" or "ks_c_5601-1987" or "ks_c_5601-1989" or "ksc5601" or "ksc_5601" or "cp949" or "windows-949" or "uhc" => "ks_c_5601-1987",
            "iso-8859-1" or "iso8859-1" or "iso_8859-1" or "latin1" or "l1" or "us-ascii" or "ascii" or "ansi_x3.4-1968" or "cp1252" or "x-cp1252" => "windows-1252",
            "x-sjis" or "sjis" or "shift-jis" or "ms_kanji" or "windows-31j" or "cp932" or "csshiftjis" => "shift_jis",
            "utf8" or "unicode-1-1-utf-8" or "x-unicode20utf8" => "utf-8",
            _ => name,
        };
        if (name is "utf-7" or "unicode-1-1-utf-7" or "x-unicode-2-0-utf-7" or "csunicode11utf7" or "utf7")
        {
#pragma warning disable SYSLIB0001 // UTF-7 is refused by Encoding.GetEncoding; mail still arrives in it (old Outlook).
            return new UTF7Encoding(allowOptionals: true);
#pragma warning restore SYSLIB0001
        }
        try
        {
            return name == "utf-8" ? Encoding.UTF8 : Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, Replacement);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>True when the bytes are valid UTF-8 (ASCII included).</summary>
    public static bool IsValidUtf8(ReadOnlySpan<byte> bytes) => System.Text.Unicode.Utf8.IsValid(bytes);

    /// <summary>Decodes a text part's bytes by the rules above.</summary>
    public static string DecodeText(byte[] bytes, string? charset)
    {
        var encoding = Resolve(charset);
        if (encoding is null || (IsAsciiLabel(charset) && HasHighBytes(bytes)))
        {
            // No charset, an unknown one, or "us-ascii" over 8-bit bytes: UTF-8 if the bytes are UTF-8, else what Windows wrote.
            encoding = IsValidUtf8(bytes) ? Encoding.UTF8 : Windows1252;
        }
        var offset = encoding.CodePage == 65001 && bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        return encoding.GetString(bytes, offset, bytes.Length - offset);
    }

    private static bool IsAsciiLabel(string? charset) =>
        charset?.Trim().Trim('"').ToLowerInvariant() is "us-ascii" or "ascii" or "ansi_x3.4-1968";

    private static bool HasHighBytes(byte[] bytes) => bytes.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF) >= 0;

    /// <summary>
    /// Rewrites RFC 2047 encoded-words in UTF-7 (which MimeKit cannot decode) as UTF-8 encoded-words in the raw
    /// message, so headers and MIME parameters in UTF-7 come out right. Other bytes are left as they are.
    /// </summary>
    public static byte[] RewriteUtf7EncodedWords(byte[] raw)
    {
        var span = raw.AsSpan(0, Math.Min(raw.Length, 1 << 20));
        if (span.IndexOf("-utf-7?"u8) < 0 && span.IndexOf("?utf-7?"u8) < 0 && span.IndexOf("-UTF-7?"u8) < 0 && span.IndexOf("?UTF-7?"u8) < 0)
        {
            return raw;
        }
        var text = Encoding.Latin1.GetString(raw);
        var rewritten = Utf7Word().Replace(text, m =>
        {
            var data = m.Groups["data"].Value;
            byte[] bytes;
            try
            {
                bytes = m.Groups["enc"].Value is "B" or "b"
                    ? Convert.FromBase64String(data)
                    : Encoding.Latin1.GetBytes(QDecode(data));
            }
            catch (FormatException)
            {
                return m.Value;
            }
            var decoded = Resolve("utf-7")!.GetString(bytes);
            return "=?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes(decoded)) + "?=";
        });
        return Encoding.Latin1.GetBytes(rewritten);
    }

    private static string QDecode(string data)
    {
        var sb = new StringBuilder(data.Length);
        for (var i = 0; i < data.Length; i++)
        {
            var c = data[i];
            if (c == '_')
            {
                sb.Append(' ');
            }
            else if (c == '=' && i + 2 < data.Length && Uri.IsHexDigit(data[i + 1]) && Uri.IsHexDigit(data[i + 2]))
            {
                sb.Append((char)Convert.ToByte(data.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"=\?(?:utf-7|unicode-1-1-utf-7|x-unicode-2-0-utf-7)(?:\*[^?]*)?\?(?<enc>[QqBb])\?(?<data>[^?\s]*)\?=", RegexOptions.IgnoreCase)]
    private static partial Regex Utf7Word();
}
