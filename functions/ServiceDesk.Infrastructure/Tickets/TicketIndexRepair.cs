using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Tickets;

/// <summary>
/// Brings index rows back in line with ticket rows after an index write failed or two writes raced.
/// It scans ticket rows changed since its stored watermark (minus a safety margin), compares each with its
/// "t|" index row by version, and rewrites the index rows of those that differ. Safe to rerun or overlap.
/// </summary>
public sealed partial class TicketIndexRepair(Tables tables, ITicketStore store, TimeProvider time, ILogger<TicketIndexRepair> logger)
{
    private const string CheckpointPartition = "checkpoint";
    private const string CheckpointRow = "ticket-index-repair";
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    public sealed record Result(int Scanned, int Repaired);

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        var checkpoints = await tables.GetAsync(tables.Names.Checkpoints);
        var started = time.GetUtcNow();
        var checkpoint = await checkpoints.GetEntityIfExistsAsync<TableEntity>(CheckpointPartition, CheckpointRow, cancellationToken: cancellationToken);
        var since = checkpoint.HasValue ? checkpoint.Value!.GetDateTimeOffset("Watermark") ?? DateTimeOffset.MinValue : DateTimeOffset.MinValue;
        var result = await RepairSinceAsync(since == DateTimeOffset.MinValue ? since : since - Margin, cancellationToken);
        await checkpoints.UpsertEntityAsync(new TableEntity(CheckpointPartition, CheckpointRow) { ["Watermark"] = started }, cancellationToken: cancellationToken);
        return result;
    }

    public async Task<Result> RepairSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        var tickets = await tables.GetAsync(tables.Names.Tickets);
        var index = await tables.GetAsync(tables.Names.TicketIndex);
        var (from, to) = IndexKeys.Range(TicketRows.TicketRowPrefix);
        var filter = since == DateTimeOffset.MinValue
            ? TableClient.CreateQueryFilter($"RowKey ge {from} and RowKey lt {to}")
            : TableClient.CreateQueryFilter($"RowKey ge {from} and RowKey lt {to} and Timestamp ge {since}");
        int scanned = 0, repaired = 0;
        await foreach (var row in tickets.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            scanned++;
            var state = TicketRows.ToState(row);
            var indexed = await index.GetEntityIfExistsAsync<TableEntity>(state.CustomerId, IndexKeys.All(state.Number), ["Version"], cancellationToken);
            if (indexed.HasValue && indexed.Value!.GetInt64("Version") == state.Version)
            {
                continue;
            }
            await store.EnsureIndexedAsync(state, cancellationToken);
            repaired++;
            LogRepaired(logger, state.Number, state.Version);
        }
        return new Result(scanned, repaired);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Repaired index rows of ticket {Number} (version {Version}).")]
    private static partial void LogRepaired(ILogger logger, string number, long version);
}
