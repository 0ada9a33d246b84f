using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Events;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;

namespace ServiceDesk.Infrastructure.Events;

/// <summary>
/// The outbox of ticket events. A ticket's activity rows are written in the same transaction as the change itself,
/// so they are the outbox: an event exists exactly when its change was committed. Every write also upserts a
/// pending-dispatch marker (<c>p|{number}</c>) in the customer's partition. This dispatcher visits the markers,
/// delivers each announced activity after the handler's stored progress to every <see cref="ITicketEventHandler"/>,
/// in order, records progress per handler in the ticket's <c>dispatch</c> row, and removes the marker once all
/// handlers are through (only if no newer write re-marked the ticket meanwhile). A failing handler is retried
/// with exponential backoff and blocks only itself, only on that ticket.
/// </summary>
public sealed partial class TicketEventDispatcher(
    Tables tables,
    ICustomerDirectory customers,
    IEnumerable<ITicketEventHandler> handlers,
    TimeProvider time,
    ILogger<TicketEventDispatcher> logger)
{
    public const string DispatchRowPrefix = "dispatch|";

    /// <summary>The ticket's delivery progress row; the number is in the RowKey for the reason given on <see cref="TicketRows"/>.</summary>
    public static string DispatchRowKey(string number) => DispatchRowPrefix + number;
    private const int MaxTicketsPerCustomerAndRun = 200;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);

    private readonly IReadOnlyList<ITicketEventHandler> _handlers = handlers.ToList();

    public sealed record Result(int Tickets, int Delivered, int Failed);

    public async Task<Result> RunAsync(CancellationToken cancellationToken)
    {
        if (_handlers.Count == 0)
        {
            return new Result(0, 0, 0);
        }
        var index = await tables.GetAsync(tables.Names.TicketIndex);
        int visited = 0, delivered = 0, failed = 0;
        var oldest = (DateTimeOffset?)null;
        foreach (var customer in await customers.ListAsync(cancellationToken))
        {
            var (from, to) = IndexKeys.Range("p|");
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customer.Id} and RowKey ge {from} and RowKey lt {to}");
            var markers = new List<TableEntity>();
            await foreach (var marker in index.QueryAsync<TableEntity>(filter, maxPerPage: MaxTicketsPerCustomerAndRun, cancellationToken: cancellationToken))
            {
                markers.Add(marker);
                if (markers.Count >= MaxTicketsPerCustomerAndRun)
                {
                    break;
                }
            }
            foreach (var marker in markers)
            {
                if (marker.Timestamp is { } markedAt && (oldest is null || markedAt < oldest))
                {
                    oldest = markedAt;
                }
                using var span = ServiceDeskTelemetry.Start(ServiceDeskTelemetry.Spans.OutboxDispatch);
                span?.SetTag(ServiceDeskTelemetry.TicketNumber, marker.GetString("Number"));
                var (d, f) = await DispatchTicketAsync(index, marker, cancellationToken);
                span?.SetTag("servicedesk.events.delivered", d).SetTag("servicedesk.events.failed", f);
                visited++;
                delivered += d;
                failed += f;
            }
        }
        // The markers were read anyway: their count and the oldest one's last write feed the outbox gauges.
        ServiceDeskTelemetry.OutboxObserved(visited, oldest is { } o ? Math.Max(0, (time.GetUtcNow() - o).TotalSeconds) : 0);
        return new Result(visited, delivered, failed);
    }

    private async Task<(int Delivered, int Failed)> DispatchTicketAsync(TableClient index, TableEntity marker, CancellationToken cancellationToken)
    {
        var number = marker.GetString("Number");
        var ticketsTable = await tables.GetAsync(tables.Names.Tickets);
        var now = time.GetUtcNow();

        var progressRow = await ticketsTable.GetEntityIfExistsAsync<TableEntity>(number, DispatchRowKey(number), cancellationToken: cancellationToken);
        var progress = progressRow.HasValue ? progressRow.Value! : new TableEntity(number, DispatchRowKey(number));
        var due = _handlers.Where(h => (progress.GetDateTimeOffset("NextAttemptAt_" + h.Name) ?? DateTimeOffset.MinValue) <= now).ToList();
        if (due.Count == 0)
        {
            return (0, 0);
        }
        var start = due.Min(h => progress.GetInt32("Through_" + h.Name) ?? 0) + 1;

        // One range query returns the undelivered activities, the dispatch row and the ticket row ("a|" < "dispatch" < "ticket").
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {number} and RowKey ge {TicketRows.ActivityRowKey(number, start)} and RowKey le {TicketRows.TicketRowKey(number)}");
        var activities = new List<Activity>();
        TicketState? ticket = null;
        await foreach (var row in ticketsTable.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (row.RowKey.StartsWith(TicketRows.ActivityPrefix, StringComparison.Ordinal))
            {
                activities.Add(TicketRows.ToActivity(row));
            }
            else if (row.RowKey == TicketRows.TicketRowKey(number))
            {
                ticket = TicketRows.ToState(row);
            }
        }
        if (ticket is null)
        {
            return (0, 0);
        }

        int delivered = 0, failed = 0;
        foreach (var handler in due)
        {
            var through = progress.GetInt32("Through_" + handler.Name) ?? 0;
            foreach (var activity in activities.Where(a => a.Sequence > through))
            {
                var type = TicketEventTypes.Of(activity);
                if (type is not null)
                {
                    var ticketEvent = new TicketEvent(TicketEvent.IdOf(number, activity.Sequence), type, number, ticket.CustomerId,
                        activity.Sequence, activity.Type, activity.Actor, activity.At, activity.Text, activity.Data, ticket);
                    try
                    {
                        await handler.HandleAsync(ticketEvent, cancellationToken);
                        delivered++;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        var attempts = (progress.GetInt32("Attempts_" + handler.Name) ?? 0) + 1;
                        var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, attempts)));
                        progress["Attempts_" + handler.Name] = attempts;
                        progress["NextAttemptAt_" + handler.Name] = now + backoff;
                        progress["LastError_" + handler.Name] = Truncate(e.Message, 1000);
                        LogHandlerFailed(logger, e, handler.Name, ticketEvent.Id, attempts);
                        failed++;
                        break;
                    }
                }
                through = activity.Sequence;
                progress["Through_" + handler.Name] = through;
                progress["Attempts_" + handler.Name] = 0;
                progress["NextAttemptAt_" + handler.Name] = null;
            }
        }

        if (!await SaveProgressAsync(ticketsTable, progress, progressRow.HasValue, cancellationToken))
        {
            return (delivered, failed);
        }
        var allThrough = _handlers.All(h => (progress.GetInt32("Through_" + h.Name) ?? 0) >= ticket.ActivityCount);
        if (allThrough)
        {
            try
            {
                await index.DeleteEntityAsync(marker.PartitionKey, marker.RowKey, marker.ETag, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // A newer write marked the ticket again (412) or another run removed the marker (404): nothing to do.
            }
        }
        return (delivered, failed);
    }

    private static async Task<bool> SaveProgressAsync(TableClient table, TableEntity progress, bool exists, CancellationToken cancellationToken)
    {
        try
        {
            if (exists)
            {
                await table.UpdateEntityAsync(progress, progress.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await table.AddEntityAsync(progress, cancellationToken);
            }
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Another dispatcher run advanced this ticket first; its progress wins and handlers are idempotent.
            return false;
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ticket event handler {Handler} failed on {EventId} (attempt {Attempts}); it will be retried.")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string handler, string eventId, int attempts);
}
