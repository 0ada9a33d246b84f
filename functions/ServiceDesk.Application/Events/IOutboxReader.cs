namespace ServiceDesk.Application.Events;

/// <summary>Reads the outbox: announced ticket events one handler has not had delivered yet.</summary>
public interface IOutboxReader
{
    Task<IReadOnlyList<PendingTicketEvent>> ListPendingAsync(string handlerName, string? customerId, int max, CancellationToken cancellationToken);
}

/// <summary>An announced event still waiting in the outbox for a handler (the Service Bus publisher).</summary>
public sealed record PendingTicketEvent(string Id, string Type, string Number, string CustomerId, int Sequence, DateTimeOffset At, string ActorName);
