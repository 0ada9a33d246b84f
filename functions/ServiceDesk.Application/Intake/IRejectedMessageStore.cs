using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.Intake;

/// <summary>Messages that can never succeed, kept with their reason until an administrator completes them.</summary>
public interface IRejectedMessageStore
{
    /// <summary>Records (or, for a redelivery of the same message, overwrites) a rejection.</summary>
    Task RecordAsync(RejectedMessage rejection, CancellationToken cancellationToken);

    Task<Page<RejectedMessage>> ListAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken);

    /// <summary>Deletes ("completes") a rejection; false when there is none with that id.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken);
}

/// <param name="Id">The transport's message id when it has one, else a hash of the body: a redelivery overwrites, never duplicates.</param>
/// <param name="Body">The message as received, cut to <see cref="MaxBodyChars"/> characters.</param>
public sealed record RejectedMessage(
    string Id,
    string Reason,
    string Detail,
    string Transport,
    string? TransportMessageId,
    long DeliveryCount,
    DateTimeOffset RejectedAt,
    string? Source,
    string? SourceId,
    string? CustomerId,
    string Body,
    bool BodyTruncated)
{
    public const int MaxBodyChars = 30_000;
}
