using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.MajorIncidents;
using ServiceDesk.Domain.MajorIncidents;
using ServiceDesk.Infrastructure.ServiceLevels;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.MajorIncidents;

/// <summary>
/// The MajorIncidents table. Partition "mi": one row per major incident (RowKey its id, the master ticket's number),
/// the document as JSON in "Data" and "Open" for the open list. Partition = the id: one "child|{number}" row per linked
/// ticket (written as it is linked; many writers, no shared document). Partition = a customer id: "settings", one
/// "sub|{address}" row per subscriber and one "optout|{address}" row per user who opted out.
/// </summary>
public sealed class TableMajorIncidentStore(Tables tables) : IMajorIncidentStore
{
    private const string IncidentPartition = "mi";

    public async Task<(MajorIncident Incident, string ETag)?> FindAsync(string id, CancellationToken ct)
    {
        var row = await (await Table()).GetEntityIfExistsAsync<TableEntity>(IncidentPartition, id, cancellationToken: ct);
        return row.HasValue ? (Read<MajorIncident>(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    public async Task<IReadOnlyList<MajorIncident>> ListAsync(bool openOnly, CancellationToken ct)
    {
        var filter = openOnly
            ? TableClient.CreateQueryFilter($"PartitionKey eq {IncidentPartition} and Open eq {true}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {IncidentPartition}");
        var list = new List<MajorIncident>();
        await foreach (var row in (await Table()).QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(Read<MajorIncident>(row));
        }
        return list;
    }

    public async Task<bool> TryInsertAsync(MajorIncident incident, CancellationToken ct)
    {
        try
        {
            await (await Table()).AddEntityAsync(Row(incident), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public async Task SaveAsync(MajorIncident incident, string etag, CancellationToken ct)
    {
        try
        {
            await (await Table()).UpdateEntityAsync(Row(incident), new ETag(etag), TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new PreconditionFailedException($"Major incident {incident.Id} was changed by someone else; read it again.");
        }
    }

    public async Task AddChildAsync(string id, string number, CancellationToken ct) =>
        await (await Table()).UpsertEntityAsync(new TableEntity(id, "child|" + number) { ["Number"] = number }, TableUpdateMode.Replace, ct);

    public async Task RemoveChildAsync(string id, string number, CancellationToken ct)
    {
        try
        {
            await (await Table()).DeleteEntityAsync(id, "child|" + number, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    public async Task<IReadOnlyList<string>> ChildrenAsync(string id, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {"child|"} and RowKey lt {"child}"}");
        var list = new List<string>();
        await foreach (var row in (await Table()).QueryAsync<TableEntity>(filter, select: ["Number"], cancellationToken: ct))
        {
            list.Add(row.GetString("Number"));
        }
        return list;
    }

    public async Task<MajorIncidentSettings?> GetSettingsAsync(string customerId, CancellationToken ct)
    {
        var table = await Table();
        var row = await table.GetEntityIfExistsAsync<TableEntity>(customerId, "settings", cancellationToken: ct);
        if (!row.HasValue)
        {
            return null;
        }
        var settings = Read<MajorIncidentSettings>(row.Value!);
        var subscribers = new List<MajorIncidentSubscriber>();
        await foreach (var sub in table.QueryAsync<TableEntity>(SubscriberRange(customerId), cancellationToken: ct))
        {
            subscribers.Add(Read<MajorIncidentSubscriber>(sub));
        }
        return settings with { Subscribers = subscribers };
    }

    /// <summary>
    /// The settings row holds the flags; each subscriber is a row of its own ("sub|{address}"), so thousands fit (one
    /// property holds at most 64 KiB). Subscribers no longer listed are deleted; the rest are written in batches of 100.
    /// </summary>
    public async Task PutSettingsAsync(MajorIncidentSettings settings, CancellationToken ct)
    {
        var table = await Table();
        var id = settings.CustomerId;
        var wanted = settings.Subscribers.ToDictionary(s => SubscriberKey(s.Email), StringComparer.Ordinal);
        var stale = new List<string>();
        await foreach (var sub in table.QueryAsync<TableEntity>(SubscriberRange(id), select: ["RowKey"], cancellationToken: ct))
        {
            if (!wanted.ContainsKey(sub.RowKey))
            {
                stale.Add(sub.RowKey);
            }
        }
        var actions = wanted.Select(w => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
                new TableEntity(id, w.Key) { ["Data"] = JsonSerializer.Serialize(w.Value, SlaJson.Options) }))
            .Concat(stale.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(id, k), ETag.All)))
            .ToList();
        foreach (var chunk in actions.Chunk(100))
        {
            await table.SubmitTransactionAsync(chunk, ct);
        }
        await table.UpsertEntityAsync(new TableEntity(id, "settings")
        {
            ["Data"] = JsonSerializer.Serialize(settings with { Subscribers = [] }, SlaJson.Options),
        }, TableUpdateMode.Replace, ct);
    }

    private static string SubscriberKey(string email) => "sub|" + KeyEncoder.Encode(email.ToLowerInvariant());

    private static string SubscriberRange(string customerId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {"sub|"} and RowKey lt {"sub}"}");

    public async Task SetOptOutAsync(string customerId, string email, bool optedOut, CancellationToken ct)
    {
        var table = await Table();
        var key = "optout|" + KeyEncoder.Encode(email);
        if (optedOut)
        {
            await table.UpsertEntityAsync(new TableEntity(customerId, key) { ["Email"] = email }, TableUpdateMode.Replace, ct);
            return;
        }
        try
        {
            await table.DeleteEntityAsync(customerId, key, ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    public async Task<IReadOnlySet<string>> OptedOutAsync(string customerId, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {"optout|"} and RowKey lt {"optout}"}");
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var row in (await Table()).QueryAsync<TableEntity>(filter, select: ["Email"], cancellationToken: ct))
        {
            set.Add(row.GetString("Email"));
        }
        return set;
    }

    private static TableEntity Row(MajorIncident incident) => new(IncidentPartition, incident.Id)
    {
        ["Data"] = JsonSerializer.Serialize(incident, SlaJson.Options),
        ["Open"] = incident.Status == MajorIncidentStatus.Open,
    };

    private static T Read<T>(TableEntity row) =>
        JsonSerializer.Deserialize<T>(row.GetString("Data"), SlaJson.Options) ?? throw new InvalidDataException($"Row {row.RowKey} is empty.");

    private ValueTask<TableClient> Table() => tables.GetAsync(tables.Names.MajorIncidents);
}
