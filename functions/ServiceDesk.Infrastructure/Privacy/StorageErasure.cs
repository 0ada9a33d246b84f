using System.Text;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Privacy;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Privacy;

/// <summary>
/// Erasure over the stores of <see cref="PersonalDataRegistry"/>: one step per store. A table step reads the table, keeps
/// the rows of the person's customer (or of no customer) that mention them and rewrites their string properties with the
/// <see cref="Redactor"/> (replace with the row's ETag; a row changed meanwhile is read again); rows keyed by the person's
/// address are deleted. The mail step deletes the raw mails and attachments the person sent and raw mails of the
/// customer's tickets that name them. Poison-queue messages that mention the person are deleted. Every step is
/// idempotent: run again, it finds nothing left to change. Keys, numbers, timestamps, statuses and counts are never
/// changed, so statistics and reports stay as they were.
/// </summary>
public sealed partial class StorageErasure(
    TableServiceClient tableService, BlobServiceClient blobService, IOptions<StorageOptions> storage) : IPersonalDataEraser, ITicketRetentionStore
{
    private static readonly IReadOnlyList<PersonalDataStore> Plan =
    [
        .. PersonalDataRegistry.Of(StoreKind.BlobContainer).Where(s => s.Treatment is ErasureTreatment.DeleteMail or ErasureTreatment.DeleteUploads or ErasureTreatment.DeleteExports),
        .. PersonalDataRegistry.Of(StoreKind.Table).Where(s => s.Treatment == ErasureTreatment.Pseudonymise),
        .. PersonalDataRegistry.Of(StoreKind.Queue).Where(s => s.Treatment == ErasureTreatment.DeleteMessages),
    ];

    private string Prefix => storage.Value.TablePrefix;

    /// <summary>Queues are reached with raw (undecoded) messages, so deleted ones are recognised whatever their encoding.</summary>
    public QueueServiceClient? Queues { get; init; }

    public IReadOnlyList<string> Steps { get; } = Plan.Select(s => $"{s.Kind.ToString().ToLowerInvariant()}:{s.Name}").ToList();

    public async Task<Person> ResolveAsync(Person person, CancellationToken ct)
    {
        var emails = new List<string>();
        var names = new List<string>();
        var phones = new List<string>();
        var redactor = new Redactor(person, "unused");
        var index = tableService.GetTableClient(Prefix + "TicketIndex");
        var ticketRows = tableService.GetTableClient(Prefix + "Tickets");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {person.CustomerId} and RowKey ge {"t|"} and RowKey lt {"t}"}");
        foreach (var row in await QueryAsync(index, filter, ct))
        {
            var isTheirs = (person.UserId is not null && row.GetString("RequesterId") == person.UserId) ||
                           redactor.Mentions(row.GetString("RequesterEmail") ?? "", names: false);
            if (!isTheirs)
            {
                continue;
            }
            var ticket = await GetAsync(ticketRows, row.GetString("Number"), "ticket|" + row.GetString("Number"), ct);
            emails.Add(ticket?.GetString("RequesterEmail") ?? row.GetString("RequesterEmail") ?? "");
            names.Add(ticket?.GetString("RequesterName") ?? row.GetString("RequesterName") ?? "");
            phones.Add(ticket?.GetString("RequesterPhone") ?? "");
        }
        // The customer's user record (/api/customers/{id}/users).
        var catalog = tableService.GetTableClient(Prefix + "Catalog");
        var users = TableClient.CreateQueryFilter($"PartitionKey eq {person.CustomerId} and RowKey ge {"user:"} and RowKey lt {"user;"}");
        foreach (var row in await QueryAsync(catalog, users, ct))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(row.GetString("Data") ?? "{}");
            var root = doc.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;
            if ((person.UserId is not null && Text("id") == person.UserId) || redactor.Mentions(Text("email") ?? "", names: false))
            {
                emails.Add(Text("email") ?? "");
                names.Add(Text("name") ?? "");
                phones.Add(Text("phone") ?? "");
            }
        }
        return person.WithFound(emails, names, phones);
    }

    public async Task<StoreCounts> RunStepAsync(int step, Person person, string pseudonym, bool dryRun, CancellationToken ct)
    {
        var store = Plan[step];
        var redactor = new Redactor(person, pseudonym);
        return store.Kind switch
        {
            StoreKind.Table => await EraseTableAsync(store, await ScopeAsync(person.CustomerId, ct), redactor, dryRun, ct),
            StoreKind.BlobContainer when store.Treatment == ErasureTreatment.DeleteExports => await EraseExportsAsync(store, pseudonym, dryRun, ct),
            StoreKind.BlobContainer when store.Treatment == ErasureTreatment.DeleteUploads => await EraseUploadsAsync(store, person, await ScopeAsync(person.CustomerId, ct), dryRun, ct),
            StoreKind.BlobContainer => await EraseMailAsync(store, await ScopeAsync(person.CustomerId, ct), redactor, pseudonym, dryRun, ct),
            _ => await EraseQueueAsync(store, redactor, dryRun, ct),
        };
    }

    private async Task<ErasureScope> ScopeAsync(string customerId, CancellationToken ct)
    {
        var index = tableService.GetTableClient(Prefix + "TicketIndex");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {"t|"} and RowKey lt {"t}"}");
        var rows = await QueryAsync(index, filter, ct, ["Number"]);
        return new ErasureScope(customerId, rows.Select(r => r.GetString("Number")).ToHashSet(StringComparer.Ordinal));
    }

    private async Task<StoreCounts> EraseTableAsync(PersonalDataStore store, ErasureScope scope, Redactor redactor, bool dryRun, CancellationToken ct)
    {
        var table = tableService.GetTableClient(Prefix + store.Name);
        int matched = 0, changed = 0, deleted = 0;
        foreach (var row in await QueryAsync(table, null, ct))
        {
            var current = row;
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var owner = store.Owner?.Invoke(current, scope);
                if (owner == false)
                {
                    break;
                }
                // A row of no known customer is the person's when it holds their address or phone; then names count too.
                var names = owner == true || StringValues(current).Any(v => redactor.Mentions(v, names: false));
                var (newPartition, newRow) = (redactor.Redact(current.PartitionKey, false), redactor.Redact(current.RowKey, false));
                if (newPartition != current.PartitionKey || newRow != current.RowKey)
                {
                    matched++;
                    if (dryRun)
                    {
                        break;
                    }
                    if (!store.KeysHoldAddresses)
                    {
                        // A key holding an address as an id (the requester id of a ticket opened by mail): the row moves to the
                        // pseudonymised key, written before the old one is deleted, so a job killed in between redoes both.
                        var moved = Rewrite(current, redactor, names) ?? new TableEntity(current);
                        var copy = new TableEntity(newPartition, newRow);
                        foreach (var (key, value) in moved.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")))
                        {
                            copy[key] = value;
                        }
                        await table.UpsertEntityAsync(copy, TableUpdateMode.Replace, ct);
                        changed++;
                    }
                    if (await DeleteAsync(table, current, ct))
                    {
                        deleted++;
                    }
                    break;
                }
                var rewritten = Rewrite(current, redactor, names);
                if (rewritten is null)
                {
                    break;
                }
                matched++;
                if (dryRun)
                {
                    break;
                }
                try
                {
                    await table.UpdateEntityAsync(rewritten, current.ETag, TableUpdateMode.Replace, ct);
                    changed++;
                    break;
                }
                catch (RequestFailedException e) when (e.Status is 412 or 404)
                {
                    matched--;
                    // Changed or deleted since it was read: read it again and redo the rewrite on what is there now.
                    var fresh = await GetAsync(table, current.PartitionKey, current.RowKey, ct);
                    if (fresh is null)
                    {
                        break;
                    }
                    current = fresh;
                }
            }
        }
        return new StoreCounts(matched, changed, deleted);
    }

    private static IEnumerable<string> StringValues(TableEntity row) => ((IDictionary<string, object>)row).Values.OfType<string>();

    /// <summary>The row with its string properties redacted, or null when nothing in it mentions the person.</summary>
    private static TableEntity? Rewrite(TableEntity row, Redactor redactor, bool names)
    {
        TableEntity? result = null;
        foreach (var (key, value) in row)
        {
            if (value is not string text || key is "PartitionKey" or "RowKey" or "odata.etag")
            {
                continue;
            }
            var redacted = redactor.Redact(text, names);
            if (redacted != text)
            {
                result ??= new TableEntity(row);
                result[key] = redacted;
            }
        }
        return result;
    }

    /// <summary>Poison queues: every message is received once, deleted when it mentions the person, else made visible again.</summary>
    private async Task<StoreCounts> EraseQueueAsync(PersonalDataStore store, Redactor redactor, bool dryRun, CancellationToken ct)
    {
        if (Queues is null)
        {
            return new StoreCounts(0, 0, 0);
        }
        var queue = Queues.GetQueueClient(store.Name);
        if (!(await queue.ExistsAsync(ct)).Value)
        {
            return new StoreCounts(0, 0, 0);
        }
        int matched = 0, deleted = 0;
        var seen = new HashSet<string>();
        while (true)
        {
            var batch = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(30), ct)).Value;
            if (batch.Length == 0 || batch.All(m => seen.Contains(m.MessageId)))
            {
                foreach (var m in batch)
                {
                    await queue.UpdateMessageAsync(m.MessageId, m.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct);
                }
                break;
            }
            foreach (var message in batch)
            {
                seen.Add(message.MessageId);
                var text = message.Body.ToString();
                var decoded = TryBase64(text);
                if (redactor.Mentions(text, names: false) || (decoded is not null && redactor.Mentions(decoded, names: false)))
                {
                    matched++;
                    if (!dryRun)
                    {
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                        deleted++;
                        continue;
                    }
                }
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct);
            }
        }
        return new StoreCounts(matched, 0, deleted);
    }

    private static string? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : null;
    }

    private static async Task<bool> DeleteAsync(TableClient table, TableEntity row, CancellationToken ct)
    {
        try
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    internal static async Task<TableEntity?> GetAsync(TableClient table, string partitionKey, string rowKey, CancellationToken ct)
    {
        try
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: ct);
            return row.HasValue ? row.Value : null;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Reads a query to the end before anything is rewritten (so a rewrite cannot move a row under the reader); a table that does not exist is empty.</summary>
    internal static async Task<List<TableEntity>> QueryAsync(TableClient table, string? filter, CancellationToken ct, IEnumerable<string>? select = null)
    {
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: ct))
            {
                rows.Add(row);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
        return rows;
    }
}
