using System.Security.Cryptography;
using MimeKit;
using ServiceDesk.Application.Mail;
using ServiceDesk.Domain.Mail;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// MimeKit parsing: RFC 2047 encoded words and charsets are decoded by MimeKit (Swedish å/ä/ö in subjects, names
/// and bodies); the text part is preferred in multipart/alternative, an HTML-only body is sanitised and converted;
/// attachments and inline images are collected; delivery reports give their failed recipients.
/// </summary>
public sealed class MimeMailParser : IInboundMailParser
{
    public InboundMail Parse(byte[] raw)
    {
        MimeMessage message;
        try
        {
            using var stream = new MemoryStream(raw, writable: false);
            message = MimeMessage.Load(stream);
        }
        catch (FormatException e)
        {
            throw new MailRejectedException("unparseable", e.Message);
        }
        var from = message.From.Mailboxes.FirstOrDefault() ?? message.Sender
            ?? throw new MailRejectedException("no-sender", "The message has no From address.");
        if (string.IsNullOrWhiteSpace(from.Address) || !from.Address.Contains('@'))
        {
            throw new MailRejectedException("no-sender", "The From address is not an address.");
        }

        var messageId = string.IsNullOrWhiteSpace(message.MessageId)
            ? "sha256-" + Convert.ToHexString(SHA256.HashData(raw))[..40].ToLowerInvariant() + "@missing-message-id"
            : message.MessageId.Trim();
        var headers = message.Headers
            .GroupBy(h => h.Field, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.Select(h => h.Value ?? "").ToList(), StringComparer.OrdinalIgnoreCase);
        var returnPath = headers.TryGetValue("Return-Path", out var rp) ? rp[0].Trim().Trim('<', '>').Trim() : null;
        var report = message.Body as MultipartReport;
        var isDeliveryReport = report is not null && string.Equals(report.ReportType, "delivery-status", StringComparison.OrdinalIgnoreCase);
        var address = from.Address.Trim().ToLowerInvariant();
        var subject = message.Subject ?? "";

        var text = message.TextBody;
        if (string.IsNullOrWhiteSpace(text) && message.HtmlBody is { } html)
        {
            text = HtmlText.ToText(html);
        }

        return new InboundMail(
            messageId,
            message.InReplyTo is { Length: > 0 } inReplyTo ? [inReplyTo.Trim()] : [],
            message.References.Select(r => r.Trim()).ToList(),
            address,
            (from.Name ?? "").Trim(),
            subject,
            message.Date == DateTimeOffset.MinValue ? null : message.Date,
            (text ?? "").Replace("\r\n", "\n"),
            isDeliveryReport ? [] : Attachments(message),
            new MailSignals(headers, address, returnPath, messageId, subject, isDeliveryReport),
            AuthenticationEvidence.Parse(headers.TryGetValue("Authentication-Results", out var ar) ? ar[0] : null),
            isDeliveryReport ? FailedRecipients(report!) : [],
            headers.TryGetValue("Content-Language", out var lang) ? lang[0].Trim() : null);
    }

    private static List<InboundAttachment> Attachments(MimeMessage message)
    {
        var list = new List<InboundAttachment>();
        foreach (var entity in message.BodyParts.OfType<MimePart>())
        {
            var isText = entity is TextPart && !entity.IsAttachment;
            if (isText || entity.Content is null)
            {
                continue;
            }
            using var buffer = new MemoryStream();
            entity.Content.DecodeTo(buffer);
            var name = entity.FileName ?? (entity.ContentId is { } cid ? cid.Split('@')[0] : "attachment");
            list.Add(new InboundAttachment(SafeName(name), entity.ContentType.MimeType, buffer.ToArray(), !entity.IsAttachment));
        }
        return list;
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

    private static string SafeName(string name)
    {
        var cleaned = new string(Path.GetFileName(name.Replace('\\', '/')).Select(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?' ? '_' : c).ToArray()).Trim();
        return cleaned.Length is 0 ? "attachment" : cleaned.Length > 120 ? cleaned[^120..] : cleaned;
    }
}
