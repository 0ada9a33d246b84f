using System.Globalization;
using ServiceDesk.Domain.Common;

namespace ServiceDesk.Application.Mail;

/// <summary>
/// What a mail adds to a ticket besides its own text: the messages forwarded inside it under a heading in the
/// requester's language, and the bilingual notes about attachments stored or dropped.
/// </summary>
public static class InboundMailText
{
    /// <summary>The mail's text followed by each forwarded message (From, Date, Subject, attachments, text).</summary>
    public static string WithForwarded(string text, InboundMail mail, Language language)
    {
        if (mail.ForwardedMails.Count == 0)
        {
            return text;
        }
        var sv = language == Language.Sv;
        var parts = new List<string>();
        if (text.Trim().Length > 0)
        {
            parts.Add(text.Trim());
        }
        foreach (var f in mail.ForwardedMails)
        {
            var indent = f.Level > 1 ? new string('-', 2 * (f.Level - 1)) + " " : "";
            var lines = new List<string>
            {
                $"{indent}---------- {(sv ? "Vidarebefordrat meddelande" : "Forwarded message")} ----------",
                $"{(sv ? "Från" : "From")}: {f.From}",
            };
            if (f.Date is { } date)
            {
                lines.Add($"{(sv ? "Datum" : "Date")}: {date.ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture)}");
            }
            lines.Add($"{(sv ? "Ämne" : "Subject")}: {f.Subject}");
            if (f.AttachmentNames.Count > 0)
            {
                lines.Add($"{(sv ? "Bilagor" : "Attachments")}: {string.Join(", ", f.AttachmentNames)}");
            }
            lines.Add("");
            lines.Add(f.Text.Trim().Length > 0 ? f.Text.Trim() : sv ? "(ingen text)" : "(no text)");
            parts.Add(string.Join("\n", lines));
        }
        return string.Join("\n\n", parts);
    }

    public static string Stored(InboundAttachment a, string size, string blob) =>
        $"Bilaga sparad / Attachment stored: {a.FileName} ({size}, {a.ContentType}{(a.Inline ? ", inline" : "")}): {blob}";

    public static string TooMany(InboundAttachment a, string size, int max) =>
        $"Bilaga borttagen / Attachment dropped: {a.FileName} ({size}): fler än {max} bilagor / more than {max} attachments.";

    public static string TooLarge(InboundAttachment a, string size, string limit) =>
        $"Bilaga borttagen / Attachment dropped: {a.FileName} ({size}): större än {limit} / larger than {limit}.";

    public static string Blocked(InboundAttachment a, string size) =>
        $"Bilaga borttagen / Attachment dropped: {a.FileName} ({size}): filtypen tas inte emot / file type not accepted.";

    /// <summary>The desk's answer to an encrypted mail, in the requester's language (mailed to them as a comment).</summary>
    public static string EncryptedAnswer(Language language) => language == Language.Sv
        ? "Ditt meddelande var krypterat och vi kunde inte läsa det. Skicka det gärna igen okrypterat, eller beskriv ärendet i ett svar på det här mailet."
        : "Your message was encrypted and we could not read it. Please send it again unencrypted, or describe the matter in a reply to this mail.";
}
