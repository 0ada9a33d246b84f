using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Mail;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Mail;

/// <summary>
/// Blob container <c>{prefix}mail</c> (private): <c>raw/{hash of Message-ID}.eml</c> keeps every inbound message as
/// received, <c>attachments/{ticket}/{hash}/{n}-{file name}</c> its stored attachments.
/// </summary>
public sealed class BlobMailStore(BlobServiceClient service, IOptions<StorageOptions> storage) : IMailBlobStore
{
    private Task? _created;

    public async Task<string> SaveRawAsync(string id, byte[] raw, CancellationToken ct)
    {
        var name = $"raw/{MailKeys.KeyOf(id)}.eml";
        await UploadAsync(name, raw, "message/rfc822", ct);
        return name;
    }

    public async Task<byte[]?> ReadRawAsync(string blobName, CancellationToken ct)
    {
        var container = await ContainerAsync(ct);
        try
        {
            var content = await container.GetBlobClient(blobName).DownloadContentAsync(ct);
            return content.Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> SaveAttachmentAsync(string ticketNumber, string mailKey, int index, InboundAttachment attachment, CancellationToken ct)
    {
        var name = $"attachments/{ticketNumber}/{mailKey}/{index}-{attachment.FileName}";
        await UploadAsync(name, attachment.Content, attachment.ContentType, ct);
        return name;
    }

    private async Task UploadAsync(string name, byte[] content, string contentType, CancellationToken ct)
    {
        var container = await ContainerAsync(ct);
        await container.GetBlobClient(name).UploadAsync(new BinaryData(content),
            new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, ct);
    }

    private async Task<BlobContainerClient> ContainerAsync(CancellationToken ct)
    {
        var container = service.GetBlobContainerClient(storage.Value.TablePrefix.ToLowerInvariant() + "mail");
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
