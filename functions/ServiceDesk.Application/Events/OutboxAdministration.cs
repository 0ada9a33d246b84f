using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;

namespace ServiceDesk.Application.Events;

/// <summary>
/// For administrators: the ticket events waiting in the outbox for the Service Bus publisher. Without Service Bus
/// (local runs) that is every announced event; with it, those not delivered yet (Service Bus down, backing off).
/// </summary>
public sealed class OutboxAdministration(IOutboxReader outbox)
{
    /// <summary>Handler name of the Service Bus publisher (Infrastructure's <c>ServiceBusTicketEventPublisher.HandlerName</c>).</summary>
    public const string PublisherName = "ServiceBus";
    public const int MaxEvents = 500;

    public Task<IReadOnlyList<PendingTicketEvent>> ListPendingAsync(Caller caller, string? customerId, CancellationToken ct)
    {
        if (!caller.Has(Role.Admin))
        {
            throw new ForbiddenException("Only administrators may read the event outbox.");
        }
        if (customerId is not null && !CustomerId.IsValid(customerId))
        {
            throw ValidationException.For("customerId", FieldRule.Identifier, "Customer ids are 2-63 characters: lower-case letters, digits and '-'.");
        }
        return outbox.ListPendingAsync(PublisherName, customerId, MaxEvents, ct);
    }
}
