using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Privacy;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Privacy;

/// <summary>
/// Collects a person's data of one customer into <c>{prefix}privacy-exports/{job}.zip</c>: <c>personal-data.json</c>
/// (their tickets in full with every activity; on other tickets of the customer only the entries they wrote or that
/// name them; every other registered row of the customer that names them) plus the raw mails they sent and the
/// attachments stored from them. The zip is rewritten whole on every run, so a rerun after a crash gives the same file.
/// </summary>
public sealed class StorageExport(TableServiceClient tableService, BlobServiceClient blobService, IOptions<StorageOptions> storage, TimeProvider time)
    : IPersonalDataExporter
{
    public const string Container = "privacy-exports";

    private static readonly HashSet<string> Derived = ["Tickets", "TicketIndex", "Statistics", "PrivacyJobs", "PrivacyAudit"];
    // Written for a person to read: Swedish letters as they are, not \u escapes.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private string Prefix => storage.Value.TablePrefix;

    private BlobContainerClient ExportContainer => blobService.GetBlobContainerClient(Prefix.ToLowerInvariant() + Container);

    public async Task<(string Blob, IReadOnlyDictionary<string, StoreCounts> Counts)> ExportAsync(PrivacyJob job, Person person, CancellationToken ct)
    {
        var redactor = new Redactor(person, job.Subject);
        var counts = new Dictionary<string, StoreCounts>();
        var scope = await ScopeAsync(person.CustomerId, ct);
        var tickets = await TicketsAsync(person, scope, redactor, ct);
        counts["table:Tickets"] = new StoreCounts(tickets.Count, 0, 0);
        var records = new JsonObject();
        foreach (var store in PersonalDataRegistry.Of(StoreKind.Table).Where(s => s.Treatment == ErasureTreatment.Pseudonymise && !Derived.Contains(s.Name)))
        {
            var rows = new JsonArray();
            foreach (var row in await StorageErasure.QueryAsync(tableService.GetTableClient(Prefix + store.Name), null, ct))
            {
                var owner = store.Owner?.Invoke(row, scope);
                if (owner != false && Mentions(row, person, redactor, names: owner == true))
                {
                    rows.Add(ToJson(row));
                }
            }
            if (rows.Count > 0)
            {
                records[store.Name] = rows;
                counts["table:" + store.Name] = new StoreCounts(rows.Count, 0, 0);
            }
        }
        var files = await SentMailAsync(person, redactor, ct);
        counts["blobcontainer:mail"] = new StoreCounts(files.Count, 0, 0);
        var uploads = await UploadsAsync(person, scope, ct);
        counts["blobcontainer:attachments"] = new StoreCounts(uploads.Count, 0, 0);
        foreach (var (name, content) in uploads)
        {
            files[name] = content;
        }

        var document = new JsonObject
        {
            ["customerId"] = person.CustomerId,
            ["exportedAt"] = time.GetUtcNow(),
            ["person"] = new JsonObject
            {
                ["userId"] = person.UserId,
                ["emails"] = new JsonArray(person.Emails.Select(e => (JsonNode?)e).ToArray()),
                ["names"] = new JsonArray(person.Names.Select(e => (JsonNode?)e).ToArray()),
                ["phones"] = new JsonArray(person.Phones.Select(e => (JsonNode?)e).ToArray()),
            },
            ["tickets"] = tickets,
            ["records"] = records,
            ["files"] = new JsonArray(files.Keys.Select(k => (JsonNode?)k).ToArray()),
        };
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using (var entry = archive.CreateEntry("personal-data.json").Open())
            {
                await JsonSerializer.SerializeAsync(entry, document, Indented, ct);
            }
            foreach (var (name, content) in files)
            {
                await using var entry = archive.CreateEntry(name).Open();
                await entry.WriteAsync(content, ct);
            }
        }
        zip.Position = 0;
        await ExportContainer.CreateIfNotExistsAsync(cancellationToken: ct);
        var blob = job.Id + ".zip";
        await ExportContainer.GetBlobClient(blob).UploadAsync(zip, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" },
            // The pseudonym, so an erasure of the same person finds and deletes their earlier exports.
            Metadata = new Dictionary<string, string> { ["subject"] = job.Subject, ["customer"] = person.CustomerId },
        }, ct);
        return (blob, counts);
    }

    public async Task<Stream?> OpenAsync(string blob, CancellationToken ct)
    {
        try
        {
            return (await ExportContainer.GetBlobClient(blob).DownloadStreamingAsync(cancellationToken: ct)).Value.Content;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Their own tickets (requester or watcher) whole; others only with the entries they wrote or that name them.</summary>
    private async Task<JsonArray> TicketsAsync(Person person, ErasureScope scope, Redactor redactor, CancellationToken ct)
    {
        var table = tableService.GetTableClient(Prefix + "Tickets");
        var result = new JsonArray();
        foreach (var number in scope.Tickets.Order(StringComparer.Ordinal))
        {
            var rows = await StorageErasure.QueryAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {number}"), ct);
            var ticket = rows.FirstOrDefault(r => r.RowKey.StartsWith("ticket|", StringComparison.Ordinal));
            if (ticket is null)
            {
                continue;
            }
            var activities = rows.Where(r => r.RowKey.StartsWith("a|", StringComparison.Ordinal)).ToList();
            var roles = new JsonArray();
            var requester = (person.UserId is not null && ticket.GetString("RequesterId") == person.UserId) || redactor.Mentions(ticket.GetString("RequesterEmail") ?? "", names: false);
            var watcher = person.UserId is not null && (ticket.GetString("Watchers") ?? "").Contains(JsonSerializer.Serialize(person.UserId), StringComparison.Ordinal);
            var commenter = person.UserId is not null && activities.Any(a => a.GetString("ActorId") == person.UserId);
            var own = requester || watcher;
            var theirs = activities.Where(a => own || (person.UserId is not null && a.GetString("ActorId") == person.UserId) || Mentions(a, person, redactor, names: true)).ToList();
            var mentioned = theirs.Count > 0 || Mentions(ticket, person, redactor, names: true);
            if (!own && !commenter && !mentioned)
            {
                continue;
            }
            foreach (var (role, yes) in new[] { ("requester", requester), ("watcher", watcher), ("commenter", commenter), ("mentioned", !own && mentioned) })
            {
                if (yes)
                {
                    roles.Add(role);
                }
            }
            var entry = new JsonObject { ["number"] = number, ["roles"] = roles };
            if (own)
            {
                entry["ticket"] = ToJson(ticket);
            }
            else
            {
                entry["ticket"] = new JsonObject
                {
                    ["kind"] = ticket.GetString("Kind"), ["status"] = ticket.GetString("Status"), ["createdAt"] = ticket.GetDateTimeOffset("CreatedAt"),
                    ["title"] = Mentions(new TableEntity { ["Title"] = ticket.GetString("Title") }, person, redactor, names: true) ? ticket.GetString("Title") : null,
                };
            }
            // On a ticket that is not theirs, an entry someone else wrote is shown without its author and structured data.
            entry["activities"] = new JsonArray(theirs.Select(a => (JsonNode?)(own || a.GetString("ActorId") == person.UserId
                ? ToJson(a)
                : new JsonObject { ["type"] = a.GetString("Type"), ["at"] = a.GetDateTimeOffset("At"), ["text"] = a.GetString("Text") })).ToArray());
            result.Add(entry);
        }
        return result;
    }

    /// <summary>The raw mails the person sent and the attachments stored from them, as zip entry name → content.</summary>
    private async Task<Dictionary<string, byte[]>> SentMailAsync(Person person, Redactor redactor, CancellationToken ct)
    {
        var files = new Dictionary<string, byte[]>();
        var container = blobService.GetBlobContainerClient(Prefix.ToLowerInvariant() + "mail");
        if (!(await container.ExistsAsync(ct)).Value)
        {
            return files;
        }
        var messages = tableService.GetTableClient(Prefix + "MailMessages");
        foreach (var row in await StorageErasure.QueryAsync(messages, TableClient.CreateQueryFilter($"RowKey eq {"in"}"), ct))
        {
            if (!redactor.Mentions(row.GetString("From") ?? "", names: false))
            {
                continue;
            }
            var names = new List<string>();
            if (row.GetString("RawBlob") is { } raw)
            {
                names.Add(raw);
            }
            if (row.GetString("Ticket") is { } ticket)
            {
                await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"attachments/{ticket}/{row.PartitionKey}/", ct))
                {
                    names.Add(blob.Name);
                }
            }
            foreach (var name in names)
            {
                try
                {
                    files["mail/" + name] = (await container.GetBlobClient(name).DownloadContentAsync(ct)).Value.Content.ToArray();
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                }
            }
        }
        return files;
    }

    /// <summary>The files they uploaded to the customer's tickets, as <c>uploads/{ticket}/{attachment id}-{file name}</c>.</summary>
    private async Task<Dictionary<string, byte[]>> UploadsAsync(Person person, ErasureScope scope, CancellationToken ct)
    {
        var files = new Dictionary<string, byte[]>();
        var container = blobService.GetBlobContainerClient(Prefix.ToLowerInvariant() + "attachments");
        if (person.UserId is null || !(await container.ExistsAsync(ct)).Value)
        {
            return files;
        }
        foreach (var (name, fileName) in await StorageErasure.UploadsAsync(tableService, Prefix, person.UserId, scope, ct))
        {
            try
            {
                var safe = string.Concat(fileName.Select(c => Path.GetInvalidFileNameChars().Contains(c) || c == '/' ? '_' : c));
                files[$"uploads/{name}-{safe}"] = (await container.GetBlobClient(name).DownloadContentAsync(ct)).Value.Content.ToArray();
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
            }
        }
        return files;
    }

    private static bool Mentions(TableEntity row, Person person, Redactor redactor, bool names) =>
        ((IDictionary<string, object>)row).Values.OfType<string>().Any(v =>
            redactor.Mentions(v, names) ||
            (person.UserId is not null && (v == person.UserId || v.Contains(JsonSerializer.Serialize(person.UserId), StringComparison.Ordinal))));

    private static JsonObject ToJson(TableEntity row)
    {
        var json = new JsonObject();
        foreach (var (key, value) in row.Where(p => p.Key is not ("odata.etag" or "Timestamp")).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json[key] = value switch
            {
                null => null,
                string s => s,
                DateTimeOffset d => d,
                DateTime d => new DateTimeOffset(d.ToUniversalTime(), TimeSpan.Zero),
                bool b => b,
                int i => i,
                long l => l,
                double x => x,
                _ => value.ToString(),
            };
        }
        return json;
    }

    private async Task<ErasureScope> ScopeAsync(string customerId, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {"t|"} and RowKey lt {"t}"}");
        var rows = await StorageErasure.QueryAsync(tableService.GetTableClient(Prefix + "TicketIndex"), filter, ct, ["Number"]);
        return new ErasureScope(customerId, rows.Select(r => r.GetString("Number")).ToHashSet(StringComparer.Ordinal));
    }
}
