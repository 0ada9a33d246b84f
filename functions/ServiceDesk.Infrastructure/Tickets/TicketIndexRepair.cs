using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Tickets;

/// <summary>
/// Brings index rows back in line with ticket rows after an index write failed or two writes raced. Every run
/// (the timer: every 5 minutes) repairs the tickets named by repair markers, which the ticket store writes when an
/// index write fails: a few point operations, whatever the size of the Tickets table. Once a day
/// (<see cref="ScanInterval"/>) it also scans the ticket rows changed since the last scan (minus a safety margin),
/// compares each with its "t|" index row by version and rewrites those that differ: the safety net for a failed
/// index write whose marker could not be written either, and for two writes that raced. That scan has no partition
/// to stay in (the Tickets table is partitioned by ticket), so in Azure it reads the whole table: daily, not every
/// 5 minutes. Safe to rerun or overlap.
/// </summary>
public sealed partial class TicketIndexRepair(Tables tables, ITicketStore store, TimeProvider time, ILogger<TicketIndexRepair> logger)
{
    /// <summary>Checkpoints partition of the repair markers (RowKey = ticket number).</summary>
    public const string MarkerPartition = "index-repair";
    public static readonly TimeSpan ScanInterval = TimeSpan.FromHours(24);
    private const string CheckpointPartition = "checkpoint";
    private const string CheckpointRow = "ticket-index-repair";
    private static readonly TimeSpan Margin = TimeSpan.FromMinutes(2);

    /// <param name="Scanned">Ticket rows the scan read (0 when no scan was due).</param>
    /// <param name="Repaired">Tickets whose index rows were rewritten, by marker or by the scan.</param>
    /// <param name="Markers">Repair markers handled.</param>
    public sealed record Result(int Scanned, int Repaired, int Markers = 0);

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        var (markers, repairedByMarker) = await RepairMarkedAsync(cancellationToken);
        var checkpoints = await tables.GetAsync(tables.Names.Checkpoints);
        var started = time.GetUtcNow();
        var checkpoint = await checkpoints.GetEntityIfExistsAsync<TableEntity>(CheckpointPartition, CheckpointRow, cancellationToken: cancellationToken);
        var since = checkpoint.HasValue ? checkpoint.Value!.GetDateTimeOffset("Watermark") ?? DateTimeOffset.MinValue : DateTimeOffset.MinValue;
        if (since != DateTimeOffset.MinValue && started - since < ScanInterval)
        {
            return new Result(0, repairedByMarker, markers);
        }
        var result = await RepairSinceAsync(since == DateTimeOffset.MinValue ? since : since - Margin, cancellationToken);
        await checkpoints.UpsertEntityAsync(new TableEntity(CheckpointPartition, CheckpointRow) { ["Watermark"] = started }, cancellationToken: cancellationToken);
        return new Result(result.Scanned, result.Repaired + repairedByMarker, markers);
    }

    /// <summary>
    /// The tickets named by repair markers: each is read and its index rows ensured, then the marker is deleted with
    /// the ETag it was read with (a marker rewritten meanwhile, by a newer failed write, stays for the next run).
    /// </summary>
    public async Task<(int Markers, int Repaired)> RepairMarkedAsync(CancellationToken cancellationToken)
    {
        var checkpoints = await tables.GetAsync(tables.Names.Checkpoints);
        int markers = 0, repaired = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MarkerPartition}");
        await foreach (var marker in checkpoints.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            markers++;
            if (await store.FindAsync(marker.RowKey, cancellationToken) is { } ticket)
            {
                await store.EnsureIndexedAsync(ticket.State, cancellationToken);
                repaired++;
                LogRepaired(logger, ticket.State.Number, ticket.State.Version);
            }
            try
            {
                await checkpoints.DeleteEntityAsync(MarkerPartition, marker.RowKey, marker.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Handled by an overlapping run, or marked again by a newer failed write: the next run looks again.
            }
        }
        return (markers, repaired);
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
