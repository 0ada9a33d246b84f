using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.ServiceLevels;

/// <summary>
/// The ServiceLevels table. Partition = customer id: "calendar", "routing", and one row per policy version
/// ("policies|{version:D6}", never changed once written; the newest is the last row of that range). Partition "group":
/// assignment groups ("group|{id}"). Each row holds its document as JSON in "Data".
/// </summary>
public sealed class TableServiceLevelStore(Tables tables) : IServiceLevelStore
{
    private const string GroupPartition = "group";
    private const string PolicyPrefix = "policies|";

    public Task<CalendarDefinition?> GetCalendarAsync(string customerId, CancellationToken ct) => ReadAsync<CalendarDefinition>(customerId, "calendar", ct);

    public Task PutCalendarAsync(string customerId, CalendarDefinition calendar, CancellationToken ct) => WriteAsync(customerId, "calendar", calendar, ct);

    public async Task<SlaPolicySet?> GetPoliciesAsync(string customerId, int? version, CancellationToken ct)
    {
        if (version is { } v)
        {
            return await ReadAsync<SlaPolicySet>(customerId, PolicyKey(v), ct);
        }
        var client = await tables.GetAsync(tables.Names.ServiceLevels);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {PolicyPrefix} and RowKey lt {"policies}"}");
        TableEntity? last = null;
        await foreach (var row in client.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            last = row;
        }
        return last is null ? null : JsonSerializer.Deserialize<SlaPolicySet>(last.GetString("Data"), SlaJson.Options);
    }

    public async Task<bool> TryAddPoliciesAsync(SlaPolicySet policies, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.ServiceLevels);
        try
        {
            await client.AddEntityAsync(Row(policies.CustomerId, PolicyKey(policies.Version), policies), ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    public Task<RoutingRules?> GetRoutingAsync(string customerId, CancellationToken ct) => ReadAsync<RoutingRules>(customerId, "routing", ct);

    public Task PutRoutingAsync(RoutingRules rules, CancellationToken ct) => WriteAsync(rules.CustomerId, "routing", rules, ct);

    public Task<AssignmentGroup?> FindGroupAsync(string id, CancellationToken ct) => ReadAsync<AssignmentGroup>(GroupPartition, GroupKey(id), ct);

    public async Task<IReadOnlyList<AssignmentGroup>> ListGroupsAsync(CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.ServiceLevels);
        var list = new List<AssignmentGroup>();
        await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {GroupPartition}"), cancellationToken: ct))
        {
            list.Add(JsonSerializer.Deserialize<AssignmentGroup>(row.GetString("Data"), SlaJson.Options)!);
        }
        return list;
    }

    public Task PutGroupAsync(AssignmentGroup group, CancellationToken ct) => WriteAsync(GroupPartition, GroupKey(group.Id), group, ct);

    private static string PolicyKey(int version) => PolicyPrefix + version.ToString("D6", CultureInfo.InvariantCulture);

    private static string GroupKey(string id) => "group|" + KeyEncoder.Encode(id);

    private static TableEntity Row<T>(string partition, string rowKey, T value) =>
        new(partition, rowKey) { ["Data"] = JsonSerializer.Serialize(value, SlaJson.Options) };

    private async Task<T?> ReadAsync<T>(string partition, string rowKey, CancellationToken ct) where T : class
    {
        var client = await tables.GetAsync(tables.Names.ServiceLevels);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
        return response.HasValue ? JsonSerializer.Deserialize<T>(response.Value!.GetString("Data"), SlaJson.Options) : null;
    }

    private async Task WriteAsync<T>(string partition, string rowKey, T value, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.ServiceLevels);
        await client.UpsertEntityAsync(Row(partition, rowKey, value), TableUpdateMode.Replace, ct);
    }
}
