namespace ServiceDesk.Application.Events;

/// <summary>
/// A consumer of ticket events (Service Bus publisher, mail notifier...). The dispatcher delivers every event
/// to every handler at least once, in order per ticket, retrying failed deliveries with backoff; a handler
/// must therefore be idempotent for a given <see cref="TicketEvent.Id"/>.
/// </summary>
public interface ITicketEventHandler
{
    /// <summary>Stable name, recorded with each delivery (letters and digits).</summary>
    string Name { get; }

    Task HandleAsync(TicketEvent ticketEvent, CancellationToken cancellationToken);
}
