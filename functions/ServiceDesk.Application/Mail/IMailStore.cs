using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.Mail;

/// <summary>Inbound message records (the duplicate check and their outcome), our sent Message-IDs, bouncing addresses.</summary>
public interface IMailStore
{
    /// <summary>
    /// Claims a Message-ID for processing. A record whose outcome exists is <see cref="InboundClaimState.Done"/> (unless
    /// <paramref name="takeOverRejected"/> and it was rejected: an operator's redrive); one that failed, or whose claim is
    /// older than <paramref name="lease"/> (a delivery that died), is taken over (conditionally: one taker wins); any other
    /// is <see cref="InboundClaimState.InProgress"/>.
    /// </summary>
    Task<InboundClaim> ClaimInboundAsync(InboundRecord record, TimeSpan lease, bool takeOverRejected, CancellationToken cancellationToken);

    /// <summary>Records the outcome: from now on the Message-ID is a duplicate.</summary>
    Task CompleteInboundAsync(InboundRecord record, CancellationToken cancellationToken);

    /// <summary>Releases a claim whose processing failed: the next delivery of the mail processes it again.</summary>
    Task ReleaseInboundAsync(InboundRecord record, string error, CancellationToken cancellationToken);

    Task<InboundRecord?> FindInboundAsync(string messageId, CancellationToken cancellationToken);

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
    string? AuthServId = null,
    int Attempts = 0,
    bool Failed = false,
    string? LastError = null,
    DateTimeOffset? ClaimedAt = null);

public enum InboundClaimState
{
    Claimed,
    Done,
    InProgress,
}

/// <summary>The result of a claim: <see cref="Record"/> is the claimed record (attempts counted) or the existing one.</summary>
public sealed record InboundClaim(InboundClaimState State, InboundRecord Record);

/// <summary>Blob storage of raw messages and attachments.</summary>
public interface IMailBlobStore
{
    /// <summary>Stores the raw message once under a name derived from its id; returns the blob name.</summary>
    Task<string> SaveRawAsync(string id, byte[] raw, CancellationToken cancellationToken);

    /// <summary>The raw message stored under <paramref name="blobName"/>; null when it is not there.</summary>
    Task<byte[]?> ReadRawAsync(string blobName, CancellationToken cancellationToken);

    Task<string> SaveAttachmentAsync(string ticketNumber, string mailKey, int index, InboundAttachment attachment, CancellationToken cancellationToken);
}
