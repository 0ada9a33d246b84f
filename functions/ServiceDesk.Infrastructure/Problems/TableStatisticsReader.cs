using Azure.Data.Tables;
using ServiceDesk.Application.Problems;
using ServiceDesk.Domain.Statistics;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;

namespace ServiceDesk.Infrastructure.Problems;

/// <summary>A period of one dimension is one RowKey range of the customer's Statistics partition; the backlog another.</summary>
public sealed class TableStatisticsReader(Tables tables) : IStatisticsReader
{
    public Task<IReadOnlyList<(StatsBucket Bucket, StatsCounters Counters)>> ReadDaysAsync(string customerId, string dimension, string fromDay, string toDay, CancellationToken ct) =>
        // '}' sorts right after the '|' separator, so "…|{toDay}}" ends the range after every value of the last day.
        ReadAsync(customerId, StatisticsRows.DayPrefix(dimension, fromDay), $"{StatisticsRows.BucketPrefix}{dimension}|{toDay}}}", ct);

    public Task<IReadOnlyList<(StatsBucket Bucket, StatsCounters Counters)>> ReadCurrentAsync(string customerId, string dimension, CancellationToken ct)
    {
        var (from, to) = IndexKeys.Range(StatisticsRows.DayPrefix(dimension, StatsBucket.Current));
        return ReadAsync(customerId, from, to, ct);
    }

    private async Task<IReadOnlyList<(StatsBucket Bucket, StatsCounters Counters)>> ReadAsync(string customerId, string from, string to, CancellationToken ct)
    {
        var statistics = await tables.GetAsync(tables.Names.Statistics);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {from} and RowKey lt {to}");
        var result = new List<(StatsBucket, StatsCounters)>();
        await foreach (var row in statistics.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            result.Add(StatisticsRows.ToBucket(row));
        }
        return result;
    }
}
