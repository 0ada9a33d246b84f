using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Privacy;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Privacy;

/// <summary>
/// Table <c>RetentionDue</c>: one partition (<c>due</c>), RowKey <c>{due UTC ticks:D19}|{kind}|{customer}|{ticket}</c>, so the
/// daily run reads the one range of keys below now and nothing else.
/// </summary>
public sealed class TableRetentionIndex(Tables tables) : IRetentionIndex
{
    public const string Partition = "due";

    private ValueTask<TableClient> Table() => tables.GetAsync(tables.Names.RetentionDue);

    public static string RowKey(RetentionDue due) =>
        $"{due.Due.UtcTicks:D19}|{due.Kind.ToString().ToLowerInvariant()}|{KeyEncoder.Encode(due.CustomerId)}|{due.Ticket}";

    public async Task AddAsync(RetentionDue due, CancellationToken ct) =>
        await (await Table()).UpsertEntityAsync(new TableEntity(Partition, RowKey(due))
        {
            ["Kind"] = due.Kind.ToString(),
            ["CustomerId"] = due.CustomerId,
            ["Ticket"] = due.Ticket,
            ["Due"] = due.Due,
            ["ClosedAt"] = due.ClosedAt,
        }, TableUpdateMode.Replace, ct);

    public async Task<IReadOnlyList<RetentionDue>> DueAsync(DateTimeOffset now, int max, CancellationToken ct)
    {
        var upTo = $"{now.UtcTicks + 1:D19}";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey lt {upTo}");
        var result = new List<RetentionDue>();
        await foreach (var e in (await Table()).QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: ct))
        {
            result.Add(new RetentionDue(e.GetDateTimeOffset("Due")!.Value, Enum.Parse<RetentionKind>(e.GetString("Kind")), e.GetString("CustomerId"),
                e.GetString("Ticket"), e.GetDateTimeOffset("ClosedAt")!.Value));
            if (result.Count >= max)
            {
                break;
            }
        }
        return result;
    }

    public async Task RemoveAsync(RetentionDue due, CancellationToken ct)
    {
        try
        {
            await (await Table()).DeleteEntityAsync(Partition, RowKey(due), ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}
