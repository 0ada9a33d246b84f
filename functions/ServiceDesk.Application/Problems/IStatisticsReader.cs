using ServiceDesk.Domain.Statistics;

namespace ServiceDesk.Application.Problems;

/// <summary>Reads the aggregate buckets the statistics job maintains.</summary>
public interface IStatisticsReader
{
    /// <summary>The buckets of one dimension for the UTC days <paramref name="fromDay"/>..<paramref name="toDay"/> (yyyyMMdd, inclusive).</summary>
    Task<IReadOnlyList<(StatsBucket Bucket, StatsCounters Counters)>> ReadDaysAsync(string customerId, string dimension, string fromDay, string toDay, CancellationToken ct);

    /// <summary>The backlog now, per value of one dimension.</summary>
    Task<IReadOnlyList<(StatsBucket Bucket, StatsCounters Counters)>> ReadCurrentAsync(string customerId, string dimension, CancellationToken ct);
}
