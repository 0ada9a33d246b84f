using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Problems;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;

namespace ServiceDesk.Infrastructure.Problems;

/// <summary>
/// Keeps the ticket change feed (<c>c|</c> rows of the TicketIndex partition, one per change) from growing with the
/// history. Its one reader, <see cref="StatisticsUpdater"/>, reads from its watermark minus a margin, and a reset reads
/// it whole but only needs each ticket once (it applies the ticket's current row, not the change). So per customer,
/// rows older than the watermark minus the margin minus <see cref="ProblemOptions.ChangeFeedKeepHours"/> are compacted
/// to the last row of each ticket; newer rows and customers without a watermark are left alone. One scan of the old
/// part per run (daily), memory one entry per ticket seen, deletes in entity-group transactions of up to 100.
/// </summary>
public sealed partial class ChangeFeedCompaction(
    Tables tables, ICustomerDirectory customers, IOptions<ProblemOptions> options, ILogger<ChangeFeedCompaction> logger)
{
    private const int MaxEntitiesPerTransaction = 100;

    public sealed record Result(int Customers, int Scanned, int Deleted);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        int scanned = 0, deleted = 0;
        var all = await customers.ListAsync(ct);
        foreach (var customer in all)
        {
            var r = await RunAsync(customer.Id, ct);
            scanned += r.Scanned;
            deleted += r.Deleted;
        }
        return new Result(all.Count, scanned, deleted);
    }

    public async Task<Result> RunAsync(string customerId, CancellationToken ct)
    {
        var checkpoints = await tables.GetAsync(tables.Names.Checkpoints);
        if (await StatisticsUpdater.WatermarkAsync(checkpoints, customerId, ct) is not { } watermark)
        {
            return new Result(1, 0, 0); // statistics never ran for the customer: all of its feed is still to be read
        }
        var cutoff = watermark - StatisticsUpdater.Margin - TimeSpan.FromHours(options.Value.ChangeFeedKeepHours);
        var index = await tables.GetAsync(tables.Names.TicketIndex);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {customerId} and RowKey ge {IndexKeys.Range("c|").From} and RowKey lt {IndexKeys.ChangeFrom(cutoff)}");
        var latest = new Dictionary<string, string>(StringComparer.Ordinal); // ticket → its latest row so far
        var superseded = new List<string>(MaxEntitiesPerTransaction);
        int scanned = 0, deleted = 0;
        await foreach (var row in index.QueryAsync<TableEntity>(filter, select: ["RowKey", "Number"], cancellationToken: ct))
        {
            scanned++;
            if (row.GetString("Number") is not { } number)
            {
                continue;
            }
            if (latest.TryGetValue(number, out var earlier))
            {
                superseded.Add(earlier);
                if (superseded.Count == MaxEntitiesPerTransaction)
                {
                    deleted += await DeleteAsync(index, customerId, superseded, ct);
                    superseded.Clear();
                }
            }
            latest[number] = row.RowKey;
        }
        if (superseded.Count > 0)
        {
            deleted += await DeleteAsync(index, customerId, superseded, ct);
        }
        LogRun(logger, customerId, scanned, deleted, latest.Count);
        return new Result(1, scanned, deleted);
    }

    private static async Task<int> DeleteAsync(TableClient index, string customerId, IReadOnlyList<string> rowKeys, CancellationToken ct)
    {
        try
        {
            await index.SubmitTransactionAsync(
                rowKeys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(customerId, k), ETag.All)), ct);
            return rowKeys.Count;
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            // Another run deleted some of them first: delete the rest one by one.
            var deleted = 0;
            foreach (var key in rowKeys)
            {
                try
                {
                    await index.DeleteEntityAsync(customerId, key, ETag.All, ct);
                    deleted++;
                }
                catch (RequestFailedException one) when (one.Status == 404)
                {
                    // Gone already.
                }
            }
            return deleted;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Change feed of {CustomerId}: {Scanned} old rows scanned, {Deleted} superseded rows deleted, {Tickets} tickets keep one")]
    private static partial void LogRun(ILogger logger, string customerId, int scanned, int deleted, int tickets);
}
