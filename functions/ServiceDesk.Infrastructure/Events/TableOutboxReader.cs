using Azure.Data.Tables;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Events;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.Infrastructure.Tickets;

namespace ServiceDesk.Infrastructure.Events;

/// <summary>
/// Reads what <see cref="TicketEventDispatcher"/> would deliver: the tickets marked <c>p|{number}</c> in their
/// customer's index partition, and their announced activities after the handler's progress in the ticket's
/// <c>dispatch</c> row. Read-only; nothing is marked delivered.
/// </summary>
public sealed class TableOutboxReader(Tables tables, ICustomerDirectory customers) : IOutboxReader
{
    public async Task<IReadOnlyList<PendingTicketEvent>> ListPendingAsync(string handlerName, string? customerId, int max, CancellationToken cancellationToken)
    {
        var index = await tables.GetAsync(tables.Names.TicketIndex);
        var ticketsTable = await tables.GetAsync(tables.Names.Tickets);
        var customerIds = customerId is not null ? [customerId] : (await customers.ListAsync(cancellationToken)).Select(c => c.Id).ToList();
        var events = new List<PendingTicketEvent>();
        var (from, to) = IndexKeys.Range("p|");
        foreach (var customer in customerIds)
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {customer} and RowKey ge {from} and RowKey lt {to}");
            await foreach (var marker in index.QueryAsync<TableEntity>(filter, select: ["Number"], cancellationToken: cancellationToken))
            {
                var number = marker.GetString("Number");
                var progress = await ticketsTable.GetEntityIfExistsAsync<TableEntity>(number, TicketEventDispatcher.DispatchRowKey(number), cancellationToken: cancellationToken);
                var through = progress.HasValue ? progress.Value!.GetInt32("Through_" + handlerName) ?? 0 : 0;
                var activities = TableClient.CreateQueryFilter(
                    $"PartitionKey eq {number} and RowKey gt {TicketRows.ActivityRowKey(number, through)} and RowKey lt {TicketRows.ActivityPrefix[..^1] + "}"}");
                await foreach (var row in ticketsTable.QueryAsync<TableEntity>(activities, cancellationToken: cancellationToken))
                {
                    var activity = TicketRows.ToActivity(row);
                    if (TicketEventTypes.Of(activity) is { } type)
                    {
                        events.Add(new PendingTicketEvent(TicketEvent.IdOf(number, activity.Sequence), type, number, customer,
                            activity.Sequence, activity.At, activity.Actor.Name));
                        if (events.Count >= max)
                        {
                            return events;
                        }
                    }
                }
            }
        }
        return events;
    }
}
