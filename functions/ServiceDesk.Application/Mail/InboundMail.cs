using ServiceDesk.Domain.Mail;

namespace ServiceDesk.Application.Mail;

/// <summary>An inbound mail after MIME parsing: decoded headers, the body as plain text, attachments, evidence.</summary>
/// <param name="MessageId">Without angle brackets; a hash of the message when it has none.</param>
/// <param name="InReplyTo">In-Reply-To ids.</param>
/// <param name="References">References ids, oldest first as in the header.</param>
/// <param name="Text">The body as text: the text part, or the sanitised HTML part converted (quotes marked with &gt;).</param>
/// <param name="BouncedRecipients">For delivery reports: the failed recipients (Final-Recipient), lower case.</param>
/// <param name="Language">Content-Language, when the sender's client set it.</param>
/// <param name="Encrypted">The mail (or a part of it) was encrypted: its content could not be read.</param>
public sealed record InboundMail(
    string MessageId,
    IReadOnlyList<string> InReplyTo,
    IReadOnlyList<string> References,
    string FromAddress,
    string FromName,
    string Subject,
    DateTimeOffset? Date,
    string Text,
    IReadOnlyList<InboundAttachment> Attachments,
    MailSignals Signals,
    AuthenticationEvidence Authentication,
    IReadOnlyList<string> BouncedRecipients,
    string? Language,
    IReadOnlyList<ForwardedMail>? Forwarded = null,
    IReadOnlyList<string>? Notes = null,
    bool Encrypted = false)
{
    /// <summary>Messages attached to this one (forward as attachment), in order, up to the shown depth.</summary>
    public IReadOnlyList<ForwardedMail> ForwardedMails => Forwarded ?? [];

    /// <summary>Bilingual notes about parts not shown (depth limits, unreadable parts) for the ticket's internal note.</summary>
    public IReadOnlyList<string> ParserNotes => Notes ?? [];

    /// <summary>Reply candidates in the order the threading rules try them: In-Reply-To, then References newest first.</summary>
    public IEnumerable<(string Id, string Via)> ReplyIds =>
        InReplyTo.Select(id => (id, "in-reply-to")).Concat(References.Reverse().Select(id => (id, "references")));

    public string SenderDomain => FromAddress[(FromAddress.LastIndexOf('@') + 1)..];
}

/// <summary>A message attached to a mail (<c>message/rfc822</c>): who wrote it, when, what, and its text; level 1 is attached to the mail itself.</summary>
public sealed record ForwardedMail(int Level, string From, DateTimeOffset? Date, string Subject, string Text, IReadOnlyList<string> AttachmentNames);

/// <summary>An attachment or inline image as received.</summary>
public sealed record InboundAttachment(string FileName, string ContentType, byte[] Content, bool Inline);

/// <summary>Turns a raw RFC 5322 message into an <see cref="InboundMail"/>.</summary>
public interface IInboundMailParser
{
    /// <exception cref="MailRejectedException">The message cannot be used (no sender, not a mail).</exception>
    InboundMail Parse(byte[] raw);
}

/// <summary>A message that is permanently unusable; it is recorded with the reason and not retried.</summary>
/// <param name="messageId">The mail's Message-ID when it could be read (a mail without sender); null when not.</param>
public sealed class MailRejectedException(string reason, string detail, string? messageId = null, string? subject = null) : Exception(detail)
{
    public string Reason { get; } = reason;
    public string? MessageId { get; } = messageId;
    public string? Subject { get; } = subject;
}
