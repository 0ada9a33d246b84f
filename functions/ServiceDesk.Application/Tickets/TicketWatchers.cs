using System.Text;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>Watchers of a ticket (the limit is the ticket's rule).</summary>
public sealed partial class TicketCommands
{
    public Task<StoredTicket> WatchAsync(Caller caller, string number, string? ifMatch, WatcherInput input, bool add, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var watcher = input.Watcher is not null && input.Watcher.Contains('@')
            ? errors.Email("watcher", input.Watcher, required: true)
            : errors.Identifier("watcher", input.Watcher, required: true);
        errors.ThrowIfAny();
        return ChangeAsync(caller, number, ifMatch, ifMatchRequired: true, TicketAction.Watch, (t, actor, now) =>
        {
            if (add) t.AddWatcher(watcher!, actor, now); else t.RemoveWatcher(watcher!, actor, now);
        }, ct);
    }
}
