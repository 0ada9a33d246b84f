using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Knowledge;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Knowledge;

/// <summary>
/// Blob container <c>{prefix}knowledge-index</c> (private), one blob <c>v{format}/snapshot.zip</c>: the Lucene files of the
/// search index zipped, its watermark in the blob's metadata (<c>watermark</c>, round-trip format), written in one request
/// so the two always match. The index format is in the name: a deployment that changes how articles are indexed starts
/// from the store instead of opening an index analysed differently.
/// </summary>
public sealed class BlobKnowledgeIndexSnapshots(BlobServiceClient service, IOptions<StorageOptions> storage) : IKnowledgeIndexSnapshots
{
    /// <summary>Raise when a change to <see cref="KnowledgeIndex"/> makes older snapshots unusable.</summary>
    public const int Format = 1;

    private const string WatermarkKey = "watermark";
    private Task? _created;

    public static string ContainerName(string tablePrefix) => tablePrefix.ToLowerInvariant() + "knowledge-index";

    public static string BlobName => $"v{Format}/snapshot.zip";

    public async Task<(Stream Data, DateTimeOffset Watermark)?> LoadAsync(CancellationToken ct)
    {
        var blob = service.GetBlobContainerClient(ContainerName(storage.Value.TablePrefix)).GetBlobClient(BlobName);
        try
        {
            var download = (await blob.DownloadStreamingAsync(cancellationToken: ct)).Value;
            await using var content = download.Content;
            if (!download.Details.Metadata.TryGetValue(WatermarkKey, out var text) ||
                !DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var watermark))
            {
                return null;
            }
            var data = new MemoryStream(download.Details.ContentLength > 0 ? (int)download.Details.ContentLength : 0);
            await content.CopyToAsync(data, ct);
            data.Position = 0;
            return (data, watermark);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;   // no container or no snapshot yet
        }
    }

    public async Task SaveAsync(Stream data, DateTimeOffset watermark, CancellationToken ct)
    {
        var container = await ContainerAsync(ct);
        await container.GetBlobClient(BlobName).UploadAsync(data, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" },
            Metadata = new Dictionary<string, string> { [WatermarkKey] = watermark.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) },
        }, ct);
    }

    private async Task<BlobContainerClient> ContainerAsync(CancellationToken ct)
    {
        var container = service.GetBlobContainerClient(ContainerName(storage.Value.TablePrefix));
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
