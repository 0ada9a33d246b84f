using System.Security.Cryptography;
using System.Text;
using MimeKit;
using MimeKit.Utils;
using ServiceDesk.Application.Mail;
using ServiceDesk.Domain.Mail;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// MimeKit parsing, tolerant of what real clients send: leading lines that are not headers (an mbox "From " line, a
/// copied "---- Original message ----", a byte-order mark, blank lines) are skipped; charsets are decoded by
/// <see cref="MailEncodings"/> (legacy code pages, aliases, UTF-7, no charset); every text taken from the mail is cleaned
/// by <see cref="MailText"/> instead of refused. The text part is preferred in multipart/alternative, an HTML-only body
/// is sanitised and converted; attachments and inline images are collected; delivery reports give their failed
/// recipients.
/// </summary>
public sealed class MimeMailParser : IInboundMailParser
{
    private static readonly ParserOptions Options = CreateOptions();

    /// <summary>The text of a ticket opened by an encrypted mail, in both languages (the sender is answered with it too).</summary>
    public const string EncryptedNotice =
        "Meddelandet var krypterat och kunde inte läsas av servicedesken. Skicka det gärna igen okrypterat, eller beskriv ärendet i ett nytt meddelande.\n\n" +
        "The message was encrypted and could not be read by the service desk. Please send it again unencrypted, or describe the matter in a new message.";

    static MimeMailParser() => MailEncodings.Register();

    private static ParserOptions CreateOptions()
    {
        MailEncodings.Register();
        var options = ParserOptions.Default.Clone();
        options.CharsetEncoding = MailEncodings.Windows1252; // undeclared 8-bit header bytes that are not UTF-8
        options.AddressParserComplianceMode = RfcComplianceMode.Loose;
        options.ParameterComplianceMode = RfcComplianceMode.Loose;
        options.Rfc2047ComplianceMode = RfcComplianceMode.Loose;
        options.AllowUnquotedCommasInAddresses = true;
        options.AllowAddressesWithoutDomain = true;
        return options;
    }

    public InboundMail Parse(byte[] raw)
    {
        MimeMessage message;
        try
        {
            message = Load(raw);
        }
        catch (FormatException e)
        {
            throw new MailRejectedException("unparseable", e.Message);
        }
        DecodeTextParts(message);
        var messageId = string.IsNullOrWhiteSpace(message.MessageId)
            ? "sha256-" + Convert.ToHexString(SHA256.HashData(raw))[..40].ToLowerInvariant() + "@missing-message-id"
            : MailText.CleanLine(message.MessageId);
        var from = message.From.Mailboxes.FirstOrDefault() ?? message.Sender ?? FromOfRawHeader(message)
            ?? throw new MailRejectedException("no-sender", "The message has no From address.", messageId, MailText.CleanLine(message.Subject));
        if (string.IsNullOrWhiteSpace(from.Address) || !from.Address.Contains('@'))
        {
            throw new MailRejectedException("no-sender", "The From address is not an address.", messageId, MailText.CleanLine(message.Subject));
        }

        var headers = message.Headers
            .GroupBy(h => h.Field, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(h => h.Value ?? "").ToList(), StringComparer.OrdinalIgnoreCase);
        var returnPath = headers.TryGetValue("Return-Path", out var rp) ? rp[0].Trim().Trim('<', '>').Trim() : null;
        var report = message.Body as MultipartReport;
        var isDeliveryReport = report is not null && string.Equals(report.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase);
        var address = from.Address.Trim().ToLowerInvariant();
        var subject = MailText.CleanLine(message.Subject);

        var content = isDeliveryReport ? new MimeContent() : MimeContent.Read(message);
        var text = string.Join("\n\n", new[] { MimeContent.TextOf(message) }.Concat(content.ExtraText).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()));
        if (content.Encrypted)
        {
            text = string.Join("\n\n", new[] { text, EncryptedNotice }.Where(t => t.Length > 0));
        }

        return new InboundMail(
            messageId,
            message.InReplyTo is { Length: > 0 } inReplyTo ? [inReplyTo.Trim()] : [],
            message.References.Select(r => r.Trim()).ToList(),
            address,
            MailText.CleanLine(from.Name),
            subject,
            message.Date == DateTimeOffset.MinValue ? null : message.Date,
            text,
            content.Attachments,
            new MailSignals(headers, address, returnPath, messageId, subject, isDeliveryReport),
            AuthenticationEvidence.Parse(headers.TryGetValue("Authentication-Results", out var ar) ? ar[0] : null),
            isDeliveryReport ? FailedRecipients(report!) : [],
            ContentLanguage(message, headers),
            content.Forwarded,
            content.Notes,
            content.Encrypted);
    }

    private static List<string> FailedRecipients(MultipartReport report)
    {
        var recipients = new List<string>();
        foreach (var status in report.OfType<MessageDeliveryStatus>())
        {
            foreach (var group in status.StatusGroups.Skip(1))
            {
                var action = group["Action"]?.Trim().ToLowerInvariant();
                var recipient = group["Final-Recipient"] ?? group["Original-Recipient"];
                if (recipient is null || action is "delivered" or "relayed" or "expanded" or "delayed")
                {
                    continue;
                }
                var semicolon = recipient.IndexOf(';');
                recipients.Add((semicolon < 0 ? recipient : recipient[(semicolon + 1)..]).Trim().Trim('<', '>').ToLowerInvariant());
            }
        }
        return recipients;
    }

    /// <summary>A file name safe for blob names and downloads: no path, no control or URL-special characters, at most 120 characters.</summary>
    internal static string SafeName(string name)
    {
        var cleaned = new string(Path.GetFileName(MailText.CleanLine(name).Replace('\\', '/')).Select(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?' or ':' or '*' or '"' or '<' or '>' or '|' ? '_' : c).ToArray()).Trim();
        return cleaned.Length is 0 ? "attachment" : cleaned.Length > 120 ? cleaned[^120..] : cleaned;
    }

    /// <summary>
    /// Loads the message from where its headers begin; a message cut short inside its header block (no empty line
    /// after it) is read again with one added.
    /// </summary>
    private static MimeMessage Load(byte[] raw)
    {
        var prepared = MailEncodings.RewriteUtf7EncodedWords(raw);
        var start = HeaderStart(prepared);
        try
        {
            using var stream = new MemoryStream(prepared, start, prepared.Length - start, writable: false);
            return MimeMessage.Load(Options, stream);
        }
        catch (FormatException)
        {
            using var completed = new MemoryStream();
            completed.Write(prepared, start, prepared.Length - start);
            completed.Write("\r\n\r\n"u8);
            completed.Position = 0;
            return MimeMessage.Load(Options, completed);
        }
    }

    /// <summary>
    /// A From header MimeKit could not read as an address list (raw control bytes in an unquoted display name): the
    /// address in angle brackets, the text before it as the name.
    /// </summary>
    private static MailboxAddress? FromOfRawHeader(MimeMessage message)
    {
        var header = message.Headers.FirstOrDefault(h => h.Id == HeaderId.From);
        if (header is null)
        {
            return null;
        }
        var value = Encoding.Latin1.GetString(header.RawValue);
        var open = value.LastIndexOf('<');
        var close = open < 0 ? -1 : value.IndexOf('>', open);
        var address = (close > open ? value[(open + 1)..close] : value).Trim();
        if (address.Count(c => c == '@') != 1 || address.Any(c => c <= ' ' || c >= 127 || c is '<' or '>' or '"' or ','))
        {
            return null;
        }
        var name = open > 0 ? Rfc2047.DecodePhrase(Options, header.RawValue, 0, Encoding.Latin1.GetByteCount(value[..open])) : "";
        return new MailboxAddress(MailText.CleanLine(name).Trim('"', ' '), address);
    }

    /// <summary>Content-Language of the message, or of its body (MimeKit moves Content-* headers onto the body entity).</summary>
    private static string? ContentLanguage(MimeMessage message, IReadOnlyDictionary<string, IReadOnlyList<string>> headers) =>
        headers.TryGetValue("Content-Language", out var lang) ? lang[0].Trim()
        : message.Body?.Headers[HeaderId.ContentLanguage] is { Length: > 0 } bodyLanguage ? bodyLanguage.Trim() : null;

    /// <summary>
    /// Every text part that is shown (not an attachment) decoded by <see cref="MailEncodings.DecodeText"/> and kept as
    /// UTF-8, so MimeKit's body selection (TextBody, HtmlBody) reads it right.
    /// </summary>
    internal static void DecodeTextParts(MimeMessage message)
    {
        foreach (var part in message.BodyParts.OfType<TextPart>())
        {
            if (part.IsAttachment || part.Content is null)
            {
                continue;
            }
            using var buffer = new MemoryStream();
            part.Content.DecodeTo(buffer);
            part.SetText(Encoding.UTF8, MailEncodings.DecodeText(buffer.ToArray(), part.ContentType.Charset));
        }
    }

    /// <summary>
    /// Where the header block begins: lines before it that are not header fields (a BOM, blank lines, an mbox
    /// "From " line, a copied "---- Original message ----") are skipped; at most 16 lines or 8 KiB are looked at.
    /// </summary>
    public static int HeaderStart(byte[] raw)
    {
        var position = raw is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
        for (var skipped = 0; skipped < 16 && position < raw.Length && position < 8192; skipped++)
        {
            var end = Array.IndexOf(raw, (byte)'\n', position);
            var lineEnd = end < 0 ? raw.Length : end;
            if (IsHeaderLine(raw.AsSpan(position, lineEnd - position)))
            {
                return position;
            }
            if (end < 0)
            {
                break;
            }
            position = end + 1;
        }
        return raw is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
    }

    private static bool IsHeaderLine(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            return false;
        }
        foreach (var b in line[..colon])
        {
            if (b is <= 32 or >= 127)
            {
                return false;
            }
        }
        return true;
    }
}
