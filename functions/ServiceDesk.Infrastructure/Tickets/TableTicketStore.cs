using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Tickets;

/// <summary>
/// Tickets in Azure Table Storage. Write order: the ticket partition (ticket row + new activity rows, one
/// entity-group transaction, guarded by the row's ETag) is the source of truth and is written first; the
/// customer's index rows (one transaction in the customer partition) follow. If the index write fails, the
/// next write of the ticket, an idempotent replay, or <see cref="TicketIndexRepair"/> rewrites the rows.
/// </summary>
public sealed partial class TableTicketStore(Tables tables, ILogger<TableTicketStore> logger, ISlaDueIndex? dueIndex = null) : ITicketStore
{
    public async Task<StoredTicket?> FindAsync(string number, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.Tickets);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(number, TicketRows.TicketRowKey(number), cancellationToken: cancellationToken);
        return response.HasValue ? new StoredTicket(TicketRows.ToState(response.Value!), response.Value!.ETag.ToString()) : null;
    }

    public async Task<StoredTicket> InsertAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.Tickets);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, TicketRows.ToEntity(ticket.State)) };
        actions.AddRange(ticket.NewActivities.Select(a =>
            new TableTransactionAction(TableTransactionActionType.Add, TicketRows.ToEntity(ticket.Number, a))));
        Response<IReadOnlyList<Response>> response;
        try
        {
            response = await client.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            throw new TicketAlreadyExistsException(ticket.Number);
        }
        await WriteIndexOrLeaveToRepairAsync(null, ticket.State, cancellationToken);
        return new StoredTicket(ticket.State, response.Value[0].Headers.ETag?.ToString() ?? "");
    }

    public async Task<StoredTicket> SaveAsync(StoredTicket previous, Ticket ticket, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.Tickets);
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.UpdateReplace, TicketRows.ToEntity(ticket.State), new ETag(previous.StorageETag)),
        };
        actions.AddRange(ticket.NewActivities.Select(a =>
            new TableTransactionAction(TableTransactionActionType.Add, TicketRows.ToEntity(ticket.Number, a))));
        Response<IReadOnlyList<Response>> response;
        try
        {
            response = await client.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status is 412 or 409 or 404)
        {
            throw new PreconditionFailedException(
                $"Ticket {ticket.Number} was changed by someone else while your change was being saved. Read it again and reapply your change.");
        }
        await WriteIndexOrLeaveToRepairAsync(previous.State, ticket.State, cancellationToken);
        return new StoredTicket(ticket.State, response.Value[0].Headers.ETag?.ToString() ?? "");
    }

    public async Task<IdempotencyClaim> ClaimAsync(IdempotencyClaim proposed, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.TicketIndex);
        var rowKey = IndexKeys.Idempotency(proposed.UserId, proposed.Key);
        try
        {
            await client.AddEntityAsync(new TableEntity(proposed.CustomerId, rowKey)
            {
                ["RequestHash"] = proposed.RequestHash,
                ["ClaimedNumber"] = proposed.Number,
            }, cancellationToken);
            return proposed;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            var existing = await client.GetEntityAsync<TableEntity>(proposed.CustomerId, rowKey, cancellationToken: cancellationToken);
            return proposed with
            {
                RequestHash = existing.Value.GetString("RequestHash"),
                Number = existing.Value.GetString("ClaimedNumber"),
            };
        }
    }

    public async Task EnsureIndexedAsync(TicketState ticket, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.TicketIndex);
        var wanted = TicketRows.IndexRows(ticket);
        var wantedKeys = wanted.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        var stale = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {ticket.CustomerId} and Number eq {ticket.Number}");
        await foreach (var row in client.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var isListRow = row.RowKey[0] is 't' or 'r' or 'o' or 'g';
            if (isListRow && !wantedKeys.Contains(row.RowKey))
            {
                stale.Add(row.RowKey);
            }
        }
        await SubmitIndexAsync(client, ticket.CustomerId, [.. wanted, .. TicketRows.ChangeRows(ticket)], stale, cancellationToken);
        if (dueIndex is not null && ticket.Sla?.NextEscalationAt is { } due)
        {
            await dueIndex.MoveAsync(ticket.Number, null, due, cancellationToken);
        }
    }

    /// <summary>
    /// The ticket is already saved; failing the request now would invite a retry that duplicates it. An index write
    /// that fails after the SDK's own retries is logged and left to the repair timer (and to the ticket's next write):
    /// a repair marker names the ticket, so the timer finds it without scanning; if even the marker cannot be written,
    /// the timer's daily scan of recently changed tickets does (see <see cref="TicketIndexRepair"/>).
    /// </summary>
    private async Task WriteIndexOrLeaveToRepairAsync(TicketState? previous, TicketState current, CancellationToken cancellationToken)
    {
        try
        {
            await WriteIndexAsync(previous, current, cancellationToken);
        }
        catch (RequestFailedException e)
        {
            LogIndexDeferred(logger, e, current.Number);
            try
            {
                var checkpoints = await tables.GetAsync(tables.Names.Checkpoints);
                await checkpoints.UpsertEntityAsync(
                    new TableEntity(TicketIndexRepair.MarkerPartition, current.Number) { ["Version"] = current.Version }, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException markerFailure)
            {
                LogMarkerFailed(logger, markerFailure, current.Number);
            }
        }
    }

    private async Task WriteIndexAsync(TicketState? previous, TicketState current, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.TicketIndex);
        var wanted = TicketRows.IndexRows(current);
        var wantedKeys = wanted.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        var stale = previous is null
            ? []
            : TicketRows.IndexRows(previous).Select(r => r.RowKey).Where(k => !wantedKeys.Contains(k)).ToList();
        await SubmitIndexAsync(client, current.CustomerId, [.. wanted, .. TicketRows.ChangeRows(current)], stale, cancellationToken);
        if (dueIndex is not null)
        {
            await dueIndex.MoveAsync(current.Number, previous?.Sla?.NextEscalationAt, current.Sla?.NextEscalationAt, cancellationToken);
        }
    }

    private async Task SubmitIndexAsync(
        TableClient client, string customerId, IReadOnlyList<TableEntity> upserts, IReadOnlyList<string> deletes, CancellationToken cancellationToken)
    {
        var actions = upserts.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r))
            .Concat(deletes.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(customerId, k), ETag.All)))
            .ToList();
        try
        {
            await client.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException e) when (e.Status == 404 && deletes.Count > 0)
        {
            // A row to delete was already gone (an earlier index write failed half-way or a repair ran):
            // write the rows, then delete the rest one by one; a missing row is what we want anyway.
            LogIndexFallback(logger, customerId);
            await client.SubmitTransactionAsync(actions.Where(a => a.ActionType != TableTransactionActionType.Delete), cancellationToken);
            foreach (var key in deletes)
            {
                await client.DeleteEntityAsync(customerId, key, ETag.All, cancellationToken);
            }
        }
    }

    public async Task<Application.Common.Page<TicketSummary>> ListAsync(
        string customerId, TicketFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.TicketIndex);
        var prefix = filter switch
        {
            { RequesterId: { } requester } => $"r|{KeyEncoder.Encode(requester)}|",
            { AssignmentGroup: { } group, Status: { } status } => $"g|{KeyEncoder.Encode(group)}|{status}|",
            { AssignmentGroup: { } group } => $"g|{KeyEncoder.Encode(group)}|",
            { OpenOnly: true } => "o|",
            _ => "t|",
        };
        var (from, to) = IndexKeys.Range(prefix);
        var conditions = new List<string>
        {
            TableClient.CreateQueryFilter($"PartitionKey eq {customerId} and RowKey ge {from} and RowKey lt {to}"),
        };
        if (filter.Status is { } s) conditions.Add(TableClient.CreateQueryFilter($"Status eq {s.ToString()}"));
        if (filter.Kind is { } k) conditions.Add(TableClient.CreateQueryFilter($"Kind eq {k.ToString()}"));
        if (filter.AssigneeId is { } a) conditions.Add(TableClient.CreateQueryFilter($"AssigneeId eq {a}"));
        if (filter.AssignmentGroup is { } g) conditions.Add(TableClient.CreateQueryFilter($"AssignmentGroup eq {g}"));
        if (filter.OpenOnly) conditions.Add(TableClient.CreateQueryFilter($"Open eq {true}"));
        if (filter.SlaBreached is { } breached) conditions.Add(breached
            ? TableClient.CreateQueryFilter($"SlaBreached eq {true}")
            : TableClient.CreateQueryFilter($"SlaBreached ne {true}"));
        if (filter.DueBefore is { } dueBefore) conditions.Add(TableClient.CreateQueryFilter($"SlaDueAt lt {dueBefore}"));
        var page = await FirstPageAsync(client, string.Join(" and ", conditions), pageSize, continuationToken, cancellationToken);
        return new Application.Common.Page<TicketSummary>(page.Values.Select(TicketRows.ToSummary).ToList(), page.ContinuationToken);
    }

    public async Task<Application.Common.Page<Activity>> ListActivityAsync(
        string number, bool includeInternal, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.Tickets);
        var (from, to) = IndexKeys.Range(TicketRows.ActivityPrefix);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {number} and RowKey ge {from} and RowKey lt {to}");
        if (!includeInternal)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Type ne {nameof(ActivityType.InternalNote)}");
        }
        var page = await FirstPageAsync(client, filter, pageSize, continuationToken, cancellationToken);
        return new Application.Common.Page<Activity>(page.Values.Select(TicketRows.ToActivity).ToList(), page.ContinuationToken);
    }

    private static async Task<Azure.Page<TableEntity>> FirstPageAsync(
        TableClient client, string filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in client.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken)
                               .AsPages(continuationToken, pageSize))
            {
                return page;
            }
        }
        catch (RequestFailedException e) when (e.Status == 400 && continuationToken is not null)
        {
            throw ValidationException.For("continuationToken", FieldRule.Invalid, "The continuation token is not valid. Use the token from the previous page as it was returned.");
        }
        catch (ArgumentException) when (continuationToken is not null)
        {
            throw ValidationException.For("continuationToken", FieldRule.Invalid, "The continuation token is not valid. Use the token from the previous page as it was returned.");
        }
        return Azure.Page<TableEntity>.FromValues([], null, null!);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index rows of ticket {Number} could not be written; the index repair will write them.")]
    private static partial void LogIndexDeferred(ILogger logger, Exception exception, string number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The repair marker of ticket {Number} could not be written either; the daily index scan will find the ticket.")]
    private static partial void LogMarkerFailed(ILogger logger, Exception exception, string number);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Index rows of customer {CustomerId} were partly missing; rewrote them row by row.")]
    private static partial void LogIndexFallback(ILogger logger, string customerId);
}
