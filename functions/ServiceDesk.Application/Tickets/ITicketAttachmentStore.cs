namespace ServiceDesk.Application.Tickets;

/// <summary>Files attached to tickets through the API (Blob Storage in Azure and on Azurite).</summary>
public interface ITicketAttachmentStore
{
    Task SaveAsync(string ticketNumber, string attachmentId, TicketAttachment attachment, CancellationToken ct);

    /// <summary>null when there is no such attachment on that ticket.</summary>
    Task<TicketAttachment?> ReadAsync(string ticketNumber, string attachmentId, CancellationToken ct);
}

public sealed record TicketAttachment(string FileName, string ContentType, byte[] Content);
