using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Tickets;

/// <summary>
/// Blob container <c>{prefix}attachments</c> (private): <c>{ticket}/{attachment id}</c>, with the content type as the
/// blob's and the file name in the metadata (URL-encoded: metadata is ASCII only).
/// </summary>
public sealed class BlobTicketAttachmentStore(BlobServiceClient service, IOptions<StorageOptions> storage) : ITicketAttachmentStore
{
    private Task? _created;

    public async Task SaveAsync(string ticketNumber, string attachmentId, TicketAttachment attachment, CancellationToken ct)
    {
        var container = await ContainerAsync(ct);
        await container.GetBlobClient($"{ticketNumber}/{attachmentId}").UploadAsync(new BinaryData(attachment.Content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = attachment.ContentType },
            Metadata = new Dictionary<string, string> { ["filename"] = Uri.EscapeDataString(attachment.FileName) },
        }, ct);
    }

    public async Task<TicketAttachment?> ReadAsync(string ticketNumber, string attachmentId, CancellationToken ct)
    {
        var container = await ContainerAsync(ct);
        try
        {
            var result = await container.GetBlobClient($"{ticketNumber}/{attachmentId}").DownloadContentAsync(ct);
            var details = result.Value.Details;
            var name = details.Metadata.TryGetValue("filename", out var encoded) ? Uri.UnescapeDataString(encoded) : attachmentId;
            return new TicketAttachment(name, details.ContentType, result.Value.Content.ToArray());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task<BlobContainerClient> ContainerAsync(CancellationToken ct)
    {
        var container = service.GetBlobContainerClient(storage.Value.TablePrefix.ToLowerInvariant() + "attachments");
        var created = _created;
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            created = _created = container.CreateIfNotExistsAsync(cancellationToken: ct);
        }
        try
        {
            await created;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Created concurrently.
        }
        return container;
    }
}
