using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Customers;
using ServiceDesk.Domain.Statistics;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;

namespace ServiceDesk.Infrastructure.Problems;

/// <summary>
/// The incremental statistics job. Per customer it reads the change feed (<c>c|</c> rows of the TicketIndex partition)
/// from its stored watermark minus a safety margin, point-reads each changed ticket's current row and its last applied
/// facts, and applies <see cref="StatsContribution.Delta"/> (new − old) to the bucket rows. The facts rows and the
/// bucket rows they change are written in the same entity-group transactions, guarded by ETags: a replay finds the
/// facts already at the ticket's version and does nothing, and of two overlapping runs the second's transaction fails
/// with 412, re-reads and then skips what the first applied. Cost tracks the changes, not the history; memory is one
/// chunk of tickets and the buckets it touches. Changes this instance applied itself are skipped without reads
/// (<see cref="AppliedVersions"/>), so the safety margin re-read costs one range query, not two reads per change.
/// </summary>
public sealed partial class StatisticsUpdater(Tables tables, ICustomerDirectory customers, TimeProvider time, ILogger<StatisticsUpdater> logger)
{
    public const string CheckpointPartition = "checkpoint";
    private const int ChunkSize = 500;
    private const int ReadParallelism = 32;
    private const int MaxEntitiesPerTransaction = 100;
    /// <summary>Each run re-reads the change feed from this long before its watermark (writers' clocks and commit order differ).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);
    private readonly AppliedVersions _applied = new(20_000);

    public sealed record Result(int Customers, int Changes, int Applied);

    private const string WatermarkProperty = "Watermark";

    public static string CheckpointRow(string customerId) => "statistics|" + customerId;

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        int changes = 0, applied = 0;
        var all = await customers.ListAsync(ct);
        foreach (var customer in all)
        {
            var r = await RunAsync(customer.Id, ct);
            changes += r.Changes;
            applied += r.Applied;
        }
        return new Result(all.Count, changes, applied);
    }

    public async Task<Result> RunAsync(string customerId, CancellationToken ct)
    {
        var checkpoints = await tables.GetAsync(tables.Names.Checkpoints);
        var index = await tables.GetAsync(tables.Names.TicketIndex);
        var started = time.GetUtcNow();
        var watermark = await WatermarkAsync(checkpoints, customerId, ct);
        var from = watermark is { } w ? IndexKeys.ChangeFrom(w - Margin) : IndexKeys.Range("c|").From;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {from} and RowKey lt {IndexKeys.Range("c|").To}");

        int changes = 0, applied = 0;
        var chunk = new List<string>(ChunkSize);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in index.QueryAsync<TableEntity>(filter, select: ["Number", "Version"], cancellationToken: ct))
        {
            changes++;
            var number = row.GetString("Number");
            if (number is null || _applied.Covers(customerId, number, row.GetInt64("Version") ?? long.MaxValue) || !seen.Add(number))
            {
                continue;
            }
            chunk.Add(number);
            if (chunk.Count == ChunkSize)
            {
                applied += await ApplyWithRetryAsync(customerId, chunk, ct);
                chunk.Clear();
                seen.Clear();
            }
        }
        if (chunk.Count > 0)
        {
            applied += await ApplyWithRetryAsync(customerId, chunk, ct);
        }
        if (watermark is null || started > watermark)
        {
            await checkpoints.UpsertEntityAsync(new TableEntity(CheckpointPartition, CheckpointRow(customerId)) { [WatermarkProperty] = started }, cancellationToken: ct);
        }
        LogRun(logger, customerId, changes, applied);
        return new Result(1, changes, applied);
    }

    /// <summary>The customer's watermark: changes before it (minus <see cref="Margin"/>) are applied; null before the first run.</summary>
    public static async Task<DateTimeOffset?> WatermarkAsync(TableClient checkpoints, string customerId, CancellationToken ct)
    {
        var checkpoint = await checkpoints.GetEntityIfExistsAsync<TableEntity>(CheckpointPartition, CheckpointRow(customerId), cancellationToken: ct);
        return checkpoint.HasValue ? checkpoint.Value!.GetDateTimeOffset(WatermarkProperty) : null;
    }

    /// <summary>Forgets the customer's watermark: the next run reads its whole change feed (idempotent, so harmless).</summary>
    public async Task ResetAsync(string customerId, CancellationToken ct)
    {
        _applied.Forget(customerId);
        var checkpoints = await tables.GetAsync(tables.Names.Checkpoints);
        try
        {
            await checkpoints.DeleteEntityAsync(CheckpointPartition, CheckpointRow(customerId), ETag.All, ct);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No watermark yet: nothing to forget.
        }
    }

    private async Task<int> ApplyWithRetryAsync(string customerId, IReadOnlyList<string> numbers, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyAsync(customerId, numbers, ct);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < 5)
            {
                // Another run applied some of these first: re-read and apply what is left.
                LogRaced(logger, customerId, attempt);
            }
        }
    }

    private sealed record Change(TicketFacts? Old, ETag? OldETag, TicketFacts New, Dictionary<StatsBucket, StatsCounters> Delta);

    private async Task<int> ApplyAsync(string customerId, IReadOnlyList<string> numbers, CancellationToken ct)
    {
        var ticketsTable = await tables.GetAsync(tables.Names.Tickets);
        var statistics = await tables.GetAsync(tables.Names.Statistics);
        var changes = new List<Change>(numbers.Count);
        await Parallel.ForEachAsync(numbers, new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = ct }, async (number, token) =>
        {
            var ticketRow = await ticketsTable.GetEntityIfExistsAsync<TableEntity>(number, TicketRows.TicketRowKey(number), cancellationToken: token);
            if (!ticketRow.HasValue)
            {
                return;
            }
            var state = TicketRows.ToState(ticketRow.Value!);
            if (!string.Equals(state.CustomerId, customerId, StringComparison.Ordinal))
            {
                return;
            }
            var current = TicketFacts.From(state);
            var factsRow = await statistics.GetEntityIfExistsAsync<TableEntity>(customerId, StatisticsRows.FactsKey(state.CreatedAt, number), cancellationToken: token);
            var old = factsRow.HasValue ? StatisticsRows.ToFacts(factsRow.Value!) : null;
            if (old is not null && old.Version >= current.Version)
            {
                _applied.Record(customerId, number, old.Version);
                return;
            }
            var change = new Change(old, factsRow.HasValue ? factsRow.Value!.ETag : null, current, StatsContribution.Delta(old, current));
            lock (changes)
            {
                changes.Add(change);
            }
        });
        if (changes.Count == 0)
        {
            return 0;
        }
        changes.Sort((a, b) => string.CompareOrdinal(a.New.Number, b.New.Number));

        // The bucket rows this chunk touches, read per (dimension, day) range: a handful of queries, not one per bucket.
        var buckets = new Dictionary<string, (StatsBucket Bucket, StatsCounters Counters, ETag? ETag)>(StringComparer.Ordinal);
        foreach (var (dimension, day) in changes.SelectMany(c => c.Delta.Keys).Select(b => (b.Dimension, b.Day)).Distinct())
        {
            var (lo, hi) = IndexKeys.Range(StatisticsRows.DayPrefix(dimension, day));
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {lo} and RowKey lt {hi}");
            await foreach (var row in statistics.QueryAsync<TableEntity>(filter, cancellationToken: ct))
            {
                var (bucket, counters) = StatisticsRows.ToBucket(row);
                buckets[row.RowKey] = (bucket, counters, row.ETag);
            }
        }

        // Tickets packed into transactions of at most 100 entities: each ticket's facts row with all bucket rows its
        // delta changes, so a ticket's contribution is applied completely or not at all.
        var batch = new List<Change>();
        var batchKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            var keys = change.Delta.Keys.Select(StatisticsRows.BucketKey).ToList();
            var added = 1 + keys.Count(k => !batchKeys.Contains(k));
            if (batch.Count > 0 && batchKeys.Count + added > MaxEntitiesPerTransaction)
            {
                await SubmitAsync(statistics, _applied, customerId, batch, buckets, ct);
                batch.Clear();
                batchKeys.Clear();
            }
            batch.Add(change);
            batchKeys.Add(StatisticsRows.FactsKey(change.New.CreatedAt, change.New.Number));
            batchKeys.UnionWith(keys);
        }
        if (batch.Count > 0)
        {
            await SubmitAsync(statistics, _applied, customerId, batch, buckets, ct);
        }
        return changes.Count;
    }

    private static async Task SubmitAsync(
        TableClient statistics, AppliedVersions applied, string customerId, List<Change> batch,
        Dictionary<string, (StatsBucket Bucket, StatsCounters Counters, ETag? ETag)> buckets, CancellationToken ct)
    {
        var updated = new Dictionary<string, (StatsBucket Bucket, StatsCounters Counters, ETag? ETag)>(StringComparer.Ordinal);
        foreach (var change in batch)
        {
            foreach (var (bucket, delta) in change.Delta)
            {
                var key = StatisticsRows.BucketKey(bucket);
                if (!updated.TryGetValue(key, out var entry))
                {
                    entry = buckets.TryGetValue(key, out var existing)
                        ? (existing.Bucket, Copy(existing.Counters), existing.ETag)
                        : (bucket, new StatsCounters(), null);
                    updated[key] = entry;
                }
                entry.Counters.Add(delta);
            }
        }
        var actions = new List<TableTransactionAction>(batch.Count + updated.Count);
        var order = new List<string>();
        foreach (var change in batch)
        {
            var entity = StatisticsRows.ToEntity(customerId, change.New);
            actions.Add(change.OldETag is { } etag
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag)
                : new TableTransactionAction(TableTransactionActionType.Add, entity));
            order.Add(entity.RowKey);
        }
        foreach (var (key, (bucket, counters, etag)) in updated)
        {
            var entity = StatisticsRows.ToEntity(customerId, bucket, counters);
            actions.Add(etag is { } e
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, e)
                : new TableTransactionAction(TableTransactionActionType.Add, entity));
            order.Add(key);
        }
        var response = await statistics.SubmitTransactionAsync(actions, ct);
        foreach (var change in batch)
        {
            applied.Record(customerId, change.New.Number, change.New.Version);
        }
        for (var i = batch.Count; i < actions.Count; i++)
        {
            var key = order[i];
            var (bucket, counters, _) = updated[key];
            var etag = response.Value[i].Headers.ETag;
            buckets[key] = (bucket, counters, etag);
        }
    }

    private static StatsCounters Copy(StatsCounters c)
    {
        var copy = new StatsCounters();
        copy.Add(c);
        return copy;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Statistics of {CustomerId}: {Changes} change rows read, {Applied} tickets applied.")]
    private static partial void LogRun(ILogger logger, string customerId, int changes, int applied);

    [LoggerMessage(Level = LogLevel.Information, Message = "Statistics of {CustomerId}: another run applied first (attempt {Attempt}); re-reading.")]
    private static partial void LogRaced(ILogger logger, string customerId, int attempt);
}
