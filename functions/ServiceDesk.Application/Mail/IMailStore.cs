using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.Mail;

/// <summary>Inbound message records (the duplicate check and their outcome), our sent Message-IDs, bouncing addresses.</summary>
public interface IMailStore
{
    /// <summary>Claims a Message-ID for processing; false when another delivery holds it (done, or being processed).</summary>
    Task<(bool Claimed, InboundRecord? Existing)> ClaimInboundAsync(InboundRecord record, CancellationToken cancellationToken);

    Task CompleteInboundAsync(InboundRecord record, CancellationToken cancellationToken);

    Task<Page<InboundRecord>> ListInboundAsync(string? action, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>The ticket a Message-ID we generated belongs to.</summary>
    Task<string?> FindTicketBySentIdAsync(string messageId, CancellationToken cancellationToken);

    Task RecordSentIdAsync(string messageId, string ticketNumber, CancellationToken cancellationToken);

    /// <summary>The Message-ID of the mail that opened a ticket (our acknowledgement answers it).</summary>
    Task RecordOriginAsync(string ticketNumber, string messageId, CancellationToken cancellationToken);

    Task<string?> FindOriginAsync(string ticketNumber, CancellationToken cancellationToken);

    Task MarkBouncingAsync(string address, string detail, DateTimeOffset at, CancellationToken cancellationToken);

    Task<bool> IsBouncingAsync(string address, CancellationToken cancellationToken);
}

/// <summary>One inbound message as recorded: its outcome and evidence. <see cref="Completed"/> is false while it is processed.</summary>
public sealed record InboundRecord(
    string MessageId,
    string Transport,
    DateTimeOffset ReceivedAt,
    string? From,
    string? Subject,
    string? RawBlob,
    bool Completed = false,
    string? Action = null,
    string? TicketNumber = null,
    string? Reason = null,
    string? Classification = null,
    string? Spf = null,
    string? Dkim = null,
    string? Dmarc = null,
    string? AuthServId = null);

/// <summary>Blob storage of raw messages and attachments.</summary>
public interface IMailBlobStore
{
    /// <summary>Stores the raw message once under a name derived from its id; returns the blob name.</summary>
    Task<string> SaveRawAsync(string id, byte[] raw, CancellationToken cancellationToken);

    Task<string> SaveAttachmentAsync(string ticketNumber, string mailKey, int index, InboundAttachment attachment, CancellationToken cancellationToken);
}
