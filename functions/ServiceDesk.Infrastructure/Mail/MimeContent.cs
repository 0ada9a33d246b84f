using System.Globalization;
using System.Text;
using MimeKit;
using MimeKit.Cryptography;
using MimeKit.Tnef;
using ServiceDesk.Application.Mail;
using ServiceDesk.Domain.Mail;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// What a mail carries besides its body text, found by walking its MIME tree: attachments; forwarded messages
/// (<c>message/rfc822</c>, <c>message/global</c>) kept as <c>.eml</c> and, up to <see cref="MaxForwardDepth"/> levels, shown;
/// Outlook's <c>winmail.dat</c> (TNEF) unpacked into its text and attachments; opaque S/MIME signed data opened;
/// encrypted mail recognised; meeting invitations summarised. Detached signatures are kept as attachments. Nesting
/// deeper than <see cref="MaxDepth"/> is not walked; every part not shown and not stored gets a note.
/// </summary>
internal sealed class MimeContent
{
    /// <summary>MIME nesting walked at most (a tree built to exhaust the parser stops here, with a note).</summary>
    public const int MaxDepth = 20;

    /// <summary>Forwarded messages shown on the ticket: the forward and the forward inside it; deeper ones are kept as .eml only.</summary>
    public const int MaxForwardDepth = 2;

    public List<InboundAttachment> Attachments { get; } = [];
    public List<ForwardedMail> Forwarded { get; } = [];
    public List<string> Notes { get; } = [];
    public List<string> ExtraText { get; } = [];
    public bool Encrypted { get; private set; }

    private bool _depthNoted;

    public static MimeContent Read(MimeMessage message)
    {
        var content = new MimeContent();
        content.Walk(message.Body, 0, 0, null);
        return content;
    }

    /// <summary>The text of a message: its plain text part, else its HTML part sanitised and converted.</summary>
    public static string TextOf(MimeMessage message)
    {
        var text = message.TextBody;
        if (string.IsNullOrWhiteSpace(text) && message.HtmlBody is { } html)
        {
            text = HtmlText.ToText(html);
        }
        return MailText.Clean(text);
    }

    /// <param name="names">Where the names of attachments found are also listed (those of a forwarded message).</param>
    private void Walk(MimeEntity? entity, int depth, int forwardDepth, List<string>? names)
    {
        if (entity is null)
        {
            return;
        }
        if (depth > MaxDepth)
        {
            if (!_depthNoted)
            {
                _depthNoted = true;
                Notes.Add($"Delar som ligger djupare än {MaxDepth} nivåer i meddelandet visas inte (djupgräns); hela meddelandet finns kvar i originalet. / " +
                          $"Parts nested deeper than {MaxDepth} levels are not shown (depth limit); the whole message is kept in the original.");
            }
            return;
        }
        switch (entity)
        {
            case MessagePart forwarded:
                Forward(forwarded, depth, forwardDepth, names);
                break;
            case MultipartEncrypted:
                Encrypted = true;
                break;
            case Multipart multipart:
                foreach (var child in multipart)
                {
                    Walk(child, depth + 1, forwardDepth, names);
                }
                break;
            case ApplicationPkcs7Mime pkcs7:
                Pkcs7(pkcs7, depth, forwardDepth, names);
                break;
            case TnefPart tnef:
                Tnef(tnef, depth, forwardDepth, names);
                break;
            case TextPart calendar when calendar.ContentType.IsMimeType("text", "calendar"):
                Add(calendar, names, "invite.ics");
                if (Invitation.Describe(DecodedText(calendar)) is { } line)
                {
                    ExtraText.Add(line);
                }
                break;
            case TextPart text when !text.IsAttachment:
                break; // the body text (see TextOf)
            case MimePart part:
                Add(part, names, null);
                break;
        }
    }

    private void Forward(MessagePart part, int depth, int forwardDepth, List<string>? names)
    {
        var inner = part.Message;
        if (inner is null)
        {
            return;
        }
        var subject = MailText.CleanLine(inner.Subject);
        using var eml = new MemoryStream();
        inner.WriteTo(eml);
        var fileName = MimeMailParser.SafeName((subject.Length > 0 ? subject.Replace('/', '_').Replace('\\', '_') : "vidarebefordrat-forwarded") + ".eml");
        Attachments.Add(new InboundAttachment(fileName, "message/rfc822", eml.ToArray(), false));
        names?.Add(fileName);
        var level = forwardDepth + 1;
        if (level > MaxForwardDepth)
        {
            Notes.Add($"Vidarebefordrat meddelande på nivå {level} visas inte (djupgräns {MaxForwardDepth}); det finns kvar som bilagan {fileName}. / " +
                      $"Forwarded message at level {level} is not shown (depth limit {MaxForwardDepth}); it is kept as the attachment {fileName}.");
            return;
        }
        MimeMailParser.DecodeTextParts(inner);
        var from = inner.From.Mailboxes.FirstOrDefault();
        var innerNames = new List<string>();
        var forwarded = new ForwardedMail(level, from is null ? "" : MailText.CleanLine(from.ToString()),
            inner.Date == DateTimeOffset.MinValue ? null : inner.Date, subject, TextOf(inner), innerNames);
        Forwarded.Add(forwarded);
        Walk(inner.Body, depth + 1, level, innerNames);
    }

    private void Pkcs7(ApplicationPkcs7Mime pkcs7, int depth, int forwardDepth, List<string>? names)
    {
        if (pkcs7.SecureMimeType is SecureMimeType.EnvelopedData or SecureMimeType.AuthEnvelopedData)
        {
            Encrypted = true;
            return;
        }
        Add(pkcs7, names, "smime.p7m");
        if (pkcs7.SecureMimeType != SecureMimeType.SignedData)
        {
            return;
        }
        try
        {
            using var context = new TemporarySecureMimeContext();
            pkcs7.Verify(context, out var signed);
            if (signed is TextPart { IsAttachment: false } text && !text.ContentType.IsMimeType("text", "calendar"))
            {
                ExtraText.Add(MailText.Clean(DecodedText(text)));
            }
            else if (signed is Multipart multipart)
            {
                var message = new MimeMessage { Body = multipart };
                MimeMailParser.DecodeTextParts(message);
                ExtraText.Add(TextOf(message));
                Walk(multipart, depth + 1, forwardDepth, names);
            }
            else
            {
                Walk(signed, depth + 1, forwardDepth, names);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Notes.Add("Det signerade innehållet kunde inte öppnas; det finns kvar som bilagan smime.p7m. / The signed content could not be opened; it is kept as the attachment smime.p7m.");
        }
    }

    private void Tnef(TnefPart tnef, int depth, int forwardDepth, List<string>? names)
    {
        MimeMessage converted;
        try
        {
            converted = tnef.ConvertToMessage();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Add(tnef, names, "winmail.dat");
            Notes.Add("Outlook-bilagan winmail.dat kunde inte packas upp; den är sparad som den är. / Outlook's winmail.dat could not be unpacked; it is stored as it is.");
            return;
        }
        MimeMailParser.DecodeTextParts(converted);
        if (TextOf(converted) is { Length: > 0 } text)
        {
            ExtraText.Add(text);
        }
        Walk(converted.Body, depth + 1, forwardDepth, names);
    }

    private void Add(MimePart part, List<string>? names, string? defaultName)
    {
        if (part.Content is null)
        {
            return;
        }
        using var buffer = new MemoryStream();
        part.Content.DecodeTo(buffer);
        var name = part.FileName ?? defaultName ?? (part.ContentId is { } cid ? cid.Split('@')[0] : "attachment");
        var safe = MimeMailParser.SafeName(name);
        Attachments.Add(new InboundAttachment(safe, part.ContentType.MimeType, buffer.ToArray(), !part.IsAttachment && defaultName is null));
        names?.Add(safe);
    }

    private static string DecodedText(TextPart part)
    {
        using var buffer = new MemoryStream();
        part.Content?.DecodeTo(buffer);
        return MailEncodings.DecodeText(buffer.ToArray(), part.ContentType.Charset);
    }

    /// <summary>The first event of an iCalendar text as one line: what, when, where.</summary>
    internal static class Invitation
    {
        public static string? Describe(string ics)
        {
            var lines = Unfold(ics);
            var inEvent = false;
            string? summary = null, start = null, location = null;
            foreach (var line in lines)
            {
                if (line.Equals("BEGIN:VEVENT", StringComparison.OrdinalIgnoreCase)) { inEvent = true; continue; }
                if (line.Equals("END:VEVENT", StringComparison.OrdinalIgnoreCase)) { break; }
                if (!inEvent) { continue; }
                var colon = line.IndexOf(':');
                if (colon <= 0) { continue; }
                var nameAndParams = line[..colon].Split(';');
                var value = line[(colon + 1)..];
                switch (nameAndParams[0].ToUpperInvariant())
                {
                    case "SUMMARY": summary ??= Unescape(value); break;
                    case "LOCATION": location ??= Unescape(value); break;
                    case "DTSTART": start ??= When(value, nameAndParams.Skip(1)); break;
                }
            }
            if (summary is null && start is null)
            {
                return null;
            }
            var where = string.IsNullOrWhiteSpace(location) ? "" : $", {location}";
            return MailText.CleanLine($"Mötesinbjudan / Meeting invitation: {summary ?? "(utan rubrik / untitled)"} — {start ?? "?"}{where}");
        }

        private static List<string> Unfold(string ics)
        {
            var result = new List<string>();
            foreach (var raw in ics.Replace("\r\n", "\n").Split('\n'))
            {
                if (raw.Length > 0 && (raw[0] == ' ' || raw[0] == '\t') && result.Count > 0)
                {
                    result[^1] += raw[1..];
                }
                else
                {
                    result.Add(raw.TrimEnd('\r'));
                }
            }
            return result;
        }

        private static string Unescape(string value) =>
            value.Replace("\\n", " ").Replace("\\N", " ").Replace("\\,", ",").Replace("\\;", ";").Replace("\\\\", "\\");

        private static string When(string value, IEnumerable<string> parameters)
        {
            var zone = parameters.FirstOrDefault(p => p.StartsWith("TZID=", StringComparison.OrdinalIgnoreCase))?[5..].Trim('"');
            var utc = value.EndsWith('Z');
            var digits = value.TrimEnd('Z');
            if (DateTime.TryParseExact(digits, "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                return at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + (utc ? " UTC" : zone is null ? "" : $" ({zone})");
            }
            if (DateTime.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            return value;
        }
    }
}
