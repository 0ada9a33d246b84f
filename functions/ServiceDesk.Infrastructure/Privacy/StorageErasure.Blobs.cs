using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ServiceDesk.Application.Privacy;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Privacy;

/// <summary>The erasure's blob steps: raw mails and attachments, files uploaded to tickets, earlier exports.</summary>
public sealed partial class StorageErasure
{
    private async Task<StoreCounts> EraseMailAsync(PersonalDataStore store, ErasureScope scope, Redactor redactor, string pseudonym, bool dryRun, CancellationToken ct)
    {
        var container = blobService.GetBlobContainerClient(Prefix.ToLowerInvariant() + store.Name);
        if (!(await container.ExistsAsync(ct)).Value)
        {
            return new StoreCounts(0, 0, 0);
        }
        var messages = tableService.GetTableClient(Prefix + "MailMessages");
        var pseudonymEmail = Pseudonyms.EmailOf(pseudonym);
        var doomed = new List<string>();
        foreach (var row in await QueryAsync(messages, TableClient.CreateQueryFilter($"RowKey eq {"in"}"), ct))
        {
            var from = row.GetString("From") ?? "";
            var ticket = row.GetString("Ticket");
            var raw = row.GetString("RawBlob");
            if (redactor.Mentions(from, names: false) || from.Contains(pseudonymEmail, StringComparison.OrdinalIgnoreCase))
            {
                // What they sent: the raw mail and every attachment stored from it.
                if (raw is not null)
                {
                    doomed.Add(raw);
                }
                if (ticket is not null)
                {
                    await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"attachments/{ticket}/{row.PartitionKey}/", ct))
                    {
                        doomed.Add(blob.Name);
                    }
                }
            }
            else if (raw is not null && ticket is not null && scope.Tickets.Contains(ticket))
            {
                // Someone else's mail on the customer's tickets that names them: the raw copy goes, the ticket keeps the redacted text.
                var content = await DownloadAsync(container, raw, ct);
                if (content is not null && redactor.Mentions(content, names: true))
                {
                    doomed.Add(raw);
                }
            }
        }
        int matched = 0, deleted = 0;
        foreach (var name in doomed.Distinct())
        {
            var blob = container.GetBlobClient(name);
            if (dryRun)
            {
                matched += (await blob.ExistsAsync(ct)).Value ? 1 : 0;
                continue;
            }
            matched++;
            if ((await blob.DeleteIfExistsAsync(cancellationToken: ct)).Value)
            {
                deleted++;
            }
        }
        return new StoreCounts(matched, 0, deleted);
    }

    /// <summary>The files the person uploaded: AttachmentAdded activities of the customer's tickets with their user id name the blobs.</summary>
    private async Task<StoreCounts> EraseUploadsAsync(PersonalDataStore store, Person person, ErasureScope scope, bool dryRun, CancellationToken ct)
    {
        var container = blobService.GetBlobContainerClient(Prefix.ToLowerInvariant() + store.Name);
        if (person.UserId is null || !(await container.ExistsAsync(ct)).Value)
        {
            return new StoreCounts(0, 0, 0);
        }
        int matched = 0, deleted = 0;
        foreach (var blob in await UploadsAsync(tableService, Prefix, person.UserId, scope, ct))
        {
            var client = container.GetBlobClient(blob.Name);
            if (dryRun)
            {
                matched += (await client.ExistsAsync(ct)).Value ? 1 : 0;
                continue;
            }
            matched++;
            if ((await client.DeleteIfExistsAsync(cancellationToken: ct)).Value)
            {
                deleted++;
            }
        }
        return new StoreCounts(matched, 0, deleted);
    }

    /// <summary>Blob names (<c>{ticket}/{attachment id}</c>) and file names of the files a user uploaded to the customer's tickets.</summary>
    internal static async Task<List<(string Name, string FileName)>> UploadsAsync(TableServiceClient tables, string prefix, string userId, ErasureScope scope, CancellationToken ct)
    {
        var result = new List<(string, string)>();
        var table = tables.GetTableClient(prefix + "Tickets");
        foreach (var number in scope.Tickets)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {number} and Type eq {"AttachmentAdded"} and ActorId eq {userId}");
            foreach (var row in await QueryAsync(table, filter, ct))
            {
                using var data = System.Text.Json.JsonDocument.Parse(row.GetString("Data") ?? "{}");
                if (data.RootElement.TryGetProperty("attachmentId", out var id) && id.GetString() is { Length: > 0 } attachmentId)
                {
                    var fileName = data.RootElement.TryGetProperty("fileName", out var f) ? f.GetString() ?? attachmentId : attachmentId;
                    result.Add(($"{number}/{attachmentId}", fileName));
                }
            }
        }
        return result;
    }

    /// <summary>The person's earlier exports: found by the pseudonym in their metadata, deleted whole.</summary>
    private async Task<StoreCounts> EraseExportsAsync(PersonalDataStore store, string pseudonym, bool dryRun, CancellationToken ct)
    {
        var container = blobService.GetBlobContainerClient(Prefix.ToLowerInvariant() + store.Name);
        if (!(await container.ExistsAsync(ct)).Value)
        {
            return new StoreCounts(0, 0, 0);
        }
        int matched = 0, deleted = 0;
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.Metadata, Azure.Storage.Blobs.Models.BlobStates.None, null, ct))
        {
            if (blob.Metadata.TryGetValue("subject", out var subject) && subject == pseudonym)
            {
                matched++;
                if (!dryRun && (await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: ct)).Value)
                {
                    deleted++;
                }
            }
        }
        return new StoreCounts(matched, 0, deleted);
    }

    private static async Task<string?> DownloadAsync(BlobContainerClient container, string name, CancellationToken ct)
    {
        try
        {
            var content = (await container.GetBlobClient(name).DownloadContentAsync(ct)).Value.Content.ToArray();
            return Encoding.UTF8.GetString(content);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
