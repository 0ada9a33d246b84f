using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ServiceDesk.IntegrationTests.Privacy;

/// <summary>
/// Everything a storage account holds: every entity of every table, every blob of every container, every queue message
/// (peeked), keyed by location. Used to scan the whole account for a person and to compare two end states.
/// </summary>
public sealed class StorageDump
{
    private StorageDump(Dictionary<string, string> items, Dictionary<string, TableEntity> rows, Dictionary<string, byte[]> blobs)
    {
        Items = items;
        Rows = rows;
        Blobs = blobs;
    }

    /// <summary>Location ("table:{name}|{pk}|{rk}", "blob:{container}/{name}", "queue:{name}#{n}") → text content.</summary>
    public IReadOnlyDictionary<string, string> Items { get; }
    public IReadOnlyDictionary<string, TableEntity> Rows { get; }
    public IReadOnlyDictionary<string, byte[]> Blobs { get; }

    public static async Task<StorageDump> TakeAsync(string connectionString)
    {
        var items = new Dictionary<string, string>();
        var rows = new Dictionary<string, TableEntity>();
        var blobs = new Dictionary<string, byte[]>();
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var key = $"table:{table.Name}|{row.PartitionKey}|{row.RowKey}";
                rows[key] = row;
                var properties = row.Where(p => p.Key is not ("Timestamp" or "odata.etag"))
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => $"{p.Key}={Format(p.Value)}");
                items[key] = string.Join("\n", properties);
            }
        }
        var service = new BlobServiceClient(connectionString);
        await foreach (var container in service.GetBlobContainersAsync())
        {
            var client = service.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                var content = (await client.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray();
                blobs[$"blob:{container.Name}/{blob.Name}"] = content;
                items[$"blob:{container.Name}/{blob.Name}"] = Encoding.UTF8.GetString(content);
            }
        }
        var queues = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        await foreach (var queue in queues.GetQueuesAsync())
        {
            var messages = (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value;
            for (var i = 0; i < messages.Length; i++)
            {
                var text = messages[i].Body.ToString();
                var buffer = new byte[text.Length];
                items[$"queue:{queue.Name}#{i}"] = Convert.TryFromBase64String(text, buffer, out var n) ? text + "\n" + Encoding.UTF8.GetString(buffer, 0, n) : text;
            }
        }
        return new StorageDump(items, rows, blobs);
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        DateTimeOffset d => d.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        DateTime d => d.ToUniversalTime().Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        byte[] b => Convert.ToHexString(SHA256.HashData(b)),
        _ => JsonSerializer.Serialize(value),
    };

    /// <summary>Every location whose content mentions any of the needles (case-insensitive; phone needles match with separators removed).</summary>
    public IReadOnlyList<string> Find(IEnumerable<string> needles, string? phoneDigits = null)
    {
        var list = needles.ToList();
        return Items.Where(i =>
                list.Any(n => i.Value.Contains(n, StringComparison.OrdinalIgnoreCase) || i.Key.Contains(n, StringComparison.OrdinalIgnoreCase) ||
                              Uri.UnescapeDataString(i.Key).Contains(n, StringComparison.OrdinalIgnoreCase)) ||
                (phoneDigits is not null && new string(i.Value.Where(char.IsAsciiDigit).ToArray()).Contains(phoneDigits, StringComparison.Ordinal)))
            .Select(i => i.Key).ToList();
    }

    /// <summary>Puts the tables and blobs of this dump back exactly (every other row and blob is deleted); queues are left alone.</summary>
    public async Task RestoreAsync(string connectionString)
    {
        var tables = new TableServiceClient(connectionString);
        await foreach (var table in tables.QueryAsync())
        {
            var client = tables.GetTableClient(table.Name);
            await foreach (var row in client.QueryAsync<TableEntity>())
            {
                await client.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All);
            }
        }
        foreach (var (key, row) in Rows)
        {
            var name = key[6..key.IndexOf('|')];
            var copy = new TableEntity(row);
            copy.Remove("Timestamp");
            copy.Remove("odata.etag");
            copy.ETag = default;
            await tables.GetTableClient(name).UpsertEntityAsync(copy, TableUpdateMode.Replace);
        }
        var service = new BlobServiceClient(connectionString);
        await foreach (var container in service.GetBlobContainersAsync())
        {
            var client = service.GetBlobContainerClient(container.Name);
            await foreach (var blob in client.GetBlobsAsync())
            {
                await client.DeleteBlobAsync(blob.Name);
            }
        }
        foreach (var (key, content) in Blobs)
        {
            var path = key[5..];
            var slash = path.IndexOf('/');
            await service.GetBlobContainerClient(path[..slash]).GetBlobClient(path[(slash + 1)..]).UploadAsync(new BinaryData(content), overwrite: true);
        }
    }
}
