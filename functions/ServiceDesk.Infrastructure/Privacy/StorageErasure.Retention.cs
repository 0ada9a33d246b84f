using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using ServiceDesk.Application.Privacy;
using ServiceDesk.Infrastructure.Problems;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;

namespace ServiceDesk.Infrastructure.Privacy;

/// <summary>
/// Retention on one ticket, with the erasure's <see cref="Redactor"/>, pseudonyms and row rewrite: the people of the ticket
/// (its requester, and watchers and commenters who are the customer's users, with their user records' names, addresses and
/// phones) are pseudonymised in the ticket's own rows only — the ticket partition (ticket row, activities, dispatch rows),
/// its index rows, its statistics facts row and its survey answer — so the cost is that of the ticket, not of a table.
/// </summary>
public sealed partial class StorageErasure
{
    /// <summary>The pseudonyms retention gives the ticket's people (the same as an erasure of that person would).</summary>
    public Pseudonyms? Pseudonyms { get; init; }

    public async Task<StoreCounts> PseudonymiseTicketAsync(string customerId, string number, CancellationToken ct)
    {
        var pseudonyms = Pseudonyms ?? throw new InvalidOperationException("Retention needs the pseudonyms.");
        var ticketsTable = tableService.GetTableClient(Prefix + "Tickets");
        var ticketRow = await GetAsync(ticketsTable, number, TicketRows.TicketRowKey(number), ct);
        if (ticketRow is null || ticketRow.GetString("CustomerId") != customerId)
        {
            return new StoreCounts(0, 0, 0);
        }
        var partition = await QueryAsync(ticketsTable, TableClient.CreateQueryFilter($"PartitionKey eq {number}"), ct);
        var redactors = (await PeopleOfTicketAsync(customerId, ticketRow, partition, ct))
            .Select(p => new Redactor(p, pseudonyms.For(customerId, p.UserId, p.Emails.FirstOrDefault()))).ToList();
        var counts = new int[3];
        foreach (var row in partition)
        {
            await RedactRowAsync(ticketsTable, row, redactors, counts, ct);
        }
        var index = tableService.GetTableClient(Prefix + "TicketIndex");
        var requesterId = ticketRow.GetString("RequesterId");
        var indexKeys = new List<string> { IndexKeys.All(number), IndexKeys.Open(number), IndexKeys.PendingDispatch(number) };
        if (!string.IsNullOrEmpty(requesterId))
        {
            indexKeys.Add(IndexKeys.Requester(requesterId, number));
        }
        if (ticketRow.GetString("AssignmentGroup") is { Length: > 0 } group && Enum.TryParse<ServiceDesk.Domain.Tickets.TicketStatus>(ticketRow.GetString("Status"), out var status))
        {
            indexKeys.Add(IndexKeys.Group(group, status, number));
        }
        foreach (var key in indexKeys)
        {
            if (await GetAsync(index, customerId, key, ct) is { } row)
            {
                await RedactRowAsync(index, row, redactors, counts, ct);
            }
        }
        if (ticketRow.GetDateTimeOffset("CreatedAt") is { } createdAt &&
            await GetAsync(tableService.GetTableClient(Prefix + "Statistics"), customerId, StatisticsRows.FactsKey(createdAt, number), ct) is { } facts)
        {
            await RedactRowAsync(tableService.GetTableClient(Prefix + "Statistics"), facts, redactors, counts, ct);
        }
        if (await GetAsync(tableService.GetTableClient(Prefix + "Surveys"), number, number, ct) is { } answer)
        {
            await RedactRowAsync(tableService.GetTableClient(Prefix + "Surveys"), answer, redactors, counts, ct);
        }
        return new StoreCounts(counts[0], counts[1], counts[2]);
    }

    /// <summary>The requester (ticket row and their user record) and every watcher or actor of the ticket who has a user record of the customer.</summary>
    private async Task<List<Person>> PeopleOfTicketAsync(string customerId, TableEntity ticketRow, List<TableEntity> partition, CancellationToken ct)
    {
        var catalog = tableService.GetTableClient(Prefix + "Catalog");
        async Task<(string? Name, string? Email, string? Phone)?> UserAsync(string userId)
        {
            if (await GetAsync(catalog, customerId, "user:" + userId, ct) is not { } row)
            {
                return null;
            }
            using var doc = JsonDocument.Parse(row.GetString("Data") ?? "{}");
            string? Text(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return (Text("name"), Text("email"), Text("phone"));
        }
        var people = new List<Person>();
        var requesterId = ticketRow.GetString("RequesterId");
        var requester = new Person(customerId, requesterId, [], [], []);
        var requesterRecord = string.IsNullOrEmpty(requesterId) ? null : await UserAsync(requesterId);
        people.Add(requester.WithFound(
            [ticketRow.GetString("RequesterEmail") ?? "", requesterRecord?.Email ?? ""],
            [ticketRow.GetString("RequesterName") ?? "", requesterRecord?.Name ?? ""],
            [ticketRow.GetString("RequesterPhone") ?? "", requesterRecord?.Phone ?? ""]));
        var others = (JsonSerializer.Deserialize<List<string>>(ticketRow.GetString("Watchers") ?? "[]") ?? [])
            .Concat(partition.Select(r => r.GetString("ActorId")).OfType<string>())
            .Where(id => id.Length > 0 && id != requesterId)
            .Distinct(StringComparer.Ordinal);
        foreach (var id in others)
        {
            if (await UserAsync(id) is { } user)
            {
                people.Add(new Person(customerId, id, [], [], []).WithFound([user.Email ?? ""], [user.Name ?? ""], [user.Phone ?? ""]));
            }
        }
        // Someone already pseudonymised (a rerun) has nothing left to look for.
        return people.Where(p => p.Emails.Count + p.Names.Count + p.Phones.Count > 0).ToList();
    }

    /// <summary>The erasure's row rewrite with several people: keys holding an address move (copy, then delete), other rows are replaced with their ETag.</summary>
    private static async Task RedactRowAsync(TableClient table, TableEntity row, IReadOnlyList<Redactor> redactors, int[] counts, CancellationToken ct)
    {
        var current = row;
        for (var attempt = 0; attempt < 5 && redactors.Count > 0; attempt++)
        {
            var (newPartition, newRow) = (redactors.Aggregate(current.PartitionKey, (k, r) => r.Redact(k, false)), redactors.Aggregate(current.RowKey, (k, r) => r.Redact(k, false)));
            var rewritten = RewriteAll(current, redactors);
            if (newPartition != current.PartitionKey || newRow != current.RowKey)
            {
                counts[0]++;
                var copy = new TableEntity(newPartition, newRow);
                foreach (var (key, value) in rewritten ?? current)
                {
                    if (key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                    {
                        copy[key] = value;
                    }
                }
                await table.UpsertEntityAsync(copy, TableUpdateMode.Replace, ct);
                counts[1]++;
                if (await DeleteAsync(table, current, ct))
                {
                    counts[2]++;
                }
                return;
            }
            if (rewritten is null)
            {
                return;
            }
            try
            {
                await table.UpdateEntityAsync(rewritten, current.ETag, TableUpdateMode.Replace, ct);
                counts[0]++;
                counts[1]++;
                return;
            }
            catch (RequestFailedException e) when (e.Status is 412 or 404)
            {
                if (await GetAsync(table, current.PartitionKey, current.RowKey, ct) is not { } fresh)
                {
                    return;
                }
                current = fresh;
            }
        }
    }

    private static TableEntity? RewriteAll(TableEntity row, IReadOnlyList<Redactor> redactors)
    {
        TableEntity? result = null;
        foreach (var redactor in redactors)
        {
            if (Rewrite(result ?? row, redactor, names: true) is { } next)
            {
                result = next;
            }
        }
        return result;
    }

    public async Task<StoreCounts> DeleteTicketMailAsync(string customerId, string number, CancellationToken ct)
    {
        var ticketRow = await GetAsync(tableService.GetTableClient(Prefix + "Tickets"), number, TicketRows.TicketRowKey(number), ct);
        if (ticketRow is null || ticketRow.GetString("CustomerId") != customerId)
        {
            return new StoreCounts(0, 0, 0);
        }
        int matched = 0, deleted = 0;
        async Task DeleteAllAsync(BlobContainerClient container, IEnumerable<string> names)
        {
            foreach (var name in names)
            {
                matched++;
                if ((await container.DeleteBlobIfExistsAsync(name, cancellationToken: ct)).Value)
                {
                    deleted++;
                }
            }
        }
        // mail: attachments/{ticket}/{mail key}/…, the raw mails raw/{mail key}.eml they came from and every raw mail linked
        // to the ticket ({ticket}/raw|… rows of MailMessages, written when the mail was handled).
        var mail = blobService.GetBlobContainerClient(Prefix.ToLowerInvariant() + "mail");
        var stored = await ListAsync(mail, $"attachments/{number}/", ct);
        var links = await QueryAsync(tableService.GetTableClient(Prefix + "MailMessages"),
            TableClient.CreateQueryFilter($"PartitionKey eq {number} and RowKey ge {Mail.TableMailStore.RawLinkPrefix} and RowKey lt {IndexKeys.Range(Mail.TableMailStore.RawLinkPrefix).To}"), ct);
        var raw = stored.Select(n => n.Split('/')).Where(p => p.Length > 3).Select(p => $"raw/{p[2]}.eml")
            .Concat(links.Select(l => l.GetString("RawBlob")).OfType<string>()).Distinct().ToList();
        await DeleteAllAsync(mail, stored.Concat(raw));
        // attachments: {ticket}/{attachment id}, the files uploaded on the ticket.
        var uploads = blobService.GetBlobContainerClient(Prefix.ToLowerInvariant() + "attachments");
        await DeleteAllAsync(uploads, await ListAsync(uploads, $"{number}/", ct));
        return new StoreCounts(matched, 0, deleted);
    }

    private static async Task<List<string>> ListAsync(BlobContainerClient container, string prefix, CancellationToken ct)
    {
        var names = new List<string>();
        try
        {
            await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, ct))
            {
                names.Add(blob.Name);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
        return names;
    }
}
