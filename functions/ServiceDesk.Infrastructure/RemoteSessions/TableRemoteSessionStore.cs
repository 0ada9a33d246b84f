using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.RemoteSessions;
using ServiceDesk.Infrastructure.ServiceLevels;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.RemoteSessions;

/// <summary>
/// Two tables. Devices: partition "settings" (RowKey a customer id), "enrolkey" (RowKey the key id, the customer in
/// "CustomerId"), a device's own partition (RowKey "device" for the device, "req|{id}" for its connection requests),
/// "customer|{id}" (RowKey a device id: the customer's device index) and "reqid" (RowKey a request id → "DeviceId").
/// DeviceAudit: partition = device id, RowKey = ticks and a random suffix; rows are only ever added. Documents are JSON
/// in "Data"; no credential or grant is stored, only hashes and the grant's nonce.
/// </summary>
public sealed class TableRemoteSessionStore(Tables tables) : IRemoteSessionStore
{
    private static long _sequence;

    private const string SettingsPartition = "settings", KeyPartition = "enrolkey", RequestIdPartition = "reqid", DeviceRow = "device";

    public async Task<RemoteControlSettings?> GetSettingsAsync(string customerId, CancellationToken ct) =>
        await GetAsync<RemoteControlSettings>(SettingsPartition, customerId, ct) is { } s ? s.Value : null;

    public async Task PutSettingsAsync(RemoteControlSettings settings, CancellationToken ct) =>
        await (await Devices()).UpsertEntityAsync(Row(SettingsPartition, settings.CustomerId, settings), TableUpdateMode.Replace, ct);

    public async Task InsertKeyAsync(EnrolmentKey key, CancellationToken ct)
    {
        var row = Row(KeyPartition, key.Id, key);
        row["CustomerId"] = key.CustomerId;
        await (await Devices()).AddEntityAsync(row, ct);
    }

    public async Task<(EnrolmentKey Key, string ETag)?> FindKeyAsync(string keyId, CancellationToken ct) =>
        Valid(keyId) ? await GetAsync<EnrolmentKey>(KeyPartition, keyId, ct) : null;

    public async Task<IReadOnlyList<EnrolmentKey>> ListKeysAsync(string customerId, CancellationToken ct) =>
        await QueryAsync<EnrolmentKey>(TableClient.CreateQueryFilter($"PartitionKey eq {KeyPartition} and CustomerId eq {customerId}"), ct);

    public async Task SaveKeyAsync(EnrolmentKey key, string etag, CancellationToken ct)
    {
        var row = Row(KeyPartition, key.Id, key);
        row["CustomerId"] = key.CustomerId;
        await ReplaceAsync(row, etag, ct);
    }

    public async Task InsertDeviceAsync(Device device, CancellationToken ct)
    {
        var table = await Devices();
        await table.AddEntityAsync(Row(device.Id, DeviceRow, device), ct);
        await table.UpsertEntityAsync(new TableEntity("customer|" + device.CustomerId, device.Id), TableUpdateMode.Replace, ct);
    }

    public async Task<(Device Device, string ETag)?> FindDeviceAsync(string deviceId, CancellationToken ct) =>
        Valid(deviceId) ? await GetAsync<Device>(deviceId, DeviceRow, ct) : null;

    public async Task SaveDeviceAsync(Device device, string etag, CancellationToken ct) => await ReplaceAsync(Row(device.Id, DeviceRow, device), etag, ct);

    public async Task<IReadOnlyList<Device>> ListDevicesAsync(string customerId, CancellationToken ct)
    {
        var table = await Devices();
        var list = new List<Device>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"customer|" + customerId}"), select: ["RowKey"], cancellationToken: ct))
        {
            if (await FindDeviceAsync(row.RowKey, ct) is { } found)
            {
                list.Add(found.Device);
            }
        }
        return list;
    }

    public async Task InsertRequestAsync(ConnectionRequest request, CancellationToken ct)
    {
        var table = await Devices();
        await table.AddEntityAsync(new TableEntity(RequestIdPartition, request.Id) { ["DeviceId"] = request.DeviceId }, ct);
        await table.AddEntityAsync(RequestRow(request), ct);
    }

    public async Task<(ConnectionRequest Request, string ETag)?> FindRequestAsync(string requestId, CancellationToken ct)
    {
        if (!Valid(requestId))
        {
            return null;
        }
        var pointer = await (await Devices()).GetEntityIfExistsAsync<TableEntity>(RequestIdPartition, requestId, cancellationToken: ct);
        return pointer.HasValue ? await GetAsync<ConnectionRequest>(pointer.Value!.GetString("DeviceId"), "req|" + requestId, ct) : null;
    }

    public async Task SaveRequestAsync(ConnectionRequest request, string etag, CancellationToken ct) => await ReplaceAsync(RequestRow(request), etag, ct);

    public async Task<IReadOnlyList<ConnectionRequest>> PendingRequestsAsync(string deviceId, CancellationToken ct) =>
        await QueryAsync<ConnectionRequest>(TableClient.CreateQueryFilter(
            $"PartitionKey eq {deviceId} and RowKey ge {"req|"} and RowKey lt {"req}"} and Status eq {nameof(ConnectionRequestStatus.Pending)}"), ct);

    public async Task AppendAuditAsync(DeviceAuditEntry entry, CancellationToken ct)
    {
        // Ordered by time, then by a process-wide sequence (entries written within one tick keep their order), then
        // a random suffix so that two instances never collide.
        var sequence = Interlocked.Increment(ref _sequence) % 10_000_000_000;
        var key = string.Create(CultureInfo.InvariantCulture, $"{entry.At.UtcTicks:D19}-{sequence:D10}-{Guid.NewGuid().ToString("N")[..8]}");
        await (await Audit()).AddEntityAsync(Row(entry.DeviceId, key, entry), ct);
    }

    public async Task<IReadOnlyList<DeviceAuditEntry>> AuditAsync(string deviceId, CancellationToken ct)
    {
        var list = new List<DeviceAuditEntry>();
        await foreach (var row in (await Audit()).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {deviceId}"), cancellationToken: ct))
        {
            list.Add(Read<DeviceAuditEntry>(row));
        }
        return list;
    }

    private static TableEntity RequestRow(ConnectionRequest r)
    {
        var row = Row(r.DeviceId, "req|" + r.Id, r);
        row["Status"] = r.Status.ToString();
        return row;
    }

    private static bool Valid(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    private async Task ReplaceAsync(TableEntity row, string etag, CancellationToken ct)
    {
        try
        {
            await (await Devices()).UpdateEntityAsync(row, new ETag(etag), TableUpdateMode.Replace, ct);
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            throw new PreconditionFailedException("Changed by someone else; read it again.");
        }
    }

    private async Task<(T Value, string ETag)?> GetAsync<T>(string partition, string rowKey, CancellationToken ct)
    {
        var row = await (await Devices()).GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: ct);
        return row.HasValue ? (Read<T>(row.Value!), row.Value!.ETag.ToString()) : null;
    }

    private async Task<IReadOnlyList<T>> QueryAsync<T>(string filter, CancellationToken ct)
    {
        var list = new List<T>();
        await foreach (var row in (await Devices()).QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(Read<T>(row));
        }
        return list;
    }

    private static TableEntity Row<T>(string partition, string rowKey, T value) => new(partition, rowKey)
    {
        ["Data"] = JsonSerializer.Serialize(value, SlaJson.Options),
    };

    private static T Read<T>(TableEntity row) =>
        JsonSerializer.Deserialize<T>(row.GetString("Data"), SlaJson.Options) ?? throw new InvalidDataException($"Row {row.RowKey} is empty.");

    private ValueTask<TableClient> Devices() => tables.GetAsync(tables.Names.Devices);

    private ValueTask<TableClient> Audit() => tables.GetAsync(tables.Names.DeviceAudit);
}
