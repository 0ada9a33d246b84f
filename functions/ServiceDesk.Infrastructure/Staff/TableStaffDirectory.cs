using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Data.Tables;
using ServiceDesk.Application.Staff;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Staff;

/// <summary>
/// The staff directory in the <c>Staff</c> table: one partition (<c>staff</c>, the directory is small and read
/// whole), RowKey <c>member|{userId}</c> (unique in the table), the record as JSON in <c>Data</c>.
/// </summary>
public sealed class TableStaffDirectory(Tables tables) : IStaffDirectory
{
    public const string PartitionKey = "staff";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string RowKey(string userId) => "member|" + KeyEncoder.Encode(userId);

    public async Task<StaffMember?> FindAsync(string userId, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.Staff);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(PartitionKey, RowKey(userId), cancellationToken: ct);
        return response.HasValue ? Read(response.Value!) : null;
    }

    public async Task<IReadOnlyList<StaffMember>> ListAsync(CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.Staff);
        var list = new List<StaffMember>();
        await foreach (var e in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey}"), cancellationToken: ct))
        {
            list.Add(Read(e));
        }
        return list;
    }

    public async Task UpsertAsync(StaffMember member, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Names.Staff);
        await client.UpsertEntityAsync(new TableEntity(PartitionKey, RowKey(member.UserId))
        {
            ["Data"] = JsonSerializer.Serialize(member, Json),
        }, TableUpdateMode.Replace, ct);
    }

    private static StaffMember Read(TableEntity e) =>
        JsonSerializer.Deserialize<StaffMember>(e.GetString("Data"), Json) ?? throw new InvalidDataException($"Staff row {e.RowKey} is empty.");
}
