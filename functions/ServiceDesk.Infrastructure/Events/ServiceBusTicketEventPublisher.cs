using Azure.Messaging.ServiceBus;
using ServiceDesk.Application.Events;

namespace ServiceDesk.Infrastructure.Events;

/// <summary>
/// Publishes ticket events from the outbox to a Service Bus topic as CloudEvents. The dispatcher calls it at least
/// once per event; <see cref="ServiceBusMessage.MessageId"/> is the event id, so the topic's duplicate detection
/// drops a resend, and subscribers can also de-duplicate on the CloudEvents <c>id</c>.
/// </summary>
public sealed class ServiceBusTicketEventPublisher(ServiceBusSender sender) : ITicketEventHandler
{
    /// <summary>The dispatcher records this handler's progress under this name (<c>Through_ServiceBus</c>).</summary>
    public const string HandlerName = "ServiceBus";

    public string Name => HandlerName;

    public Task HandleAsync(TicketEvent ticketEvent, CancellationToken cancellationToken) =>
        sender.SendMessageAsync(ToMessage(ticketEvent), cancellationToken);

    public static ServiceBusMessage ToMessage(TicketEvent e)
    {
        var message = new ServiceBusMessage(TicketCloudEvent.Serialize(e))
        {
            MessageId = e.Id,
            ContentType = TicketCloudEvent.ContentType,
            Subject = e.Type,
            // Events of one ticket share a partition key, so a partitioned topic keeps them in order.
            PartitionKey = e.Number,
        };
        // Application properties let subscriptions filter without reading the body (SQL filter: customerId = 'contoso').
        message.ApplicationProperties["cloudEvents:specversion"] = "1.0";
        message.ApplicationProperties["cloudEvents:type"] = e.Type;
        message.ApplicationProperties["cloudEvents:source"] = TicketCloudEvent.Source;
        message.ApplicationProperties["cloudEvents:id"] = e.Id;
        message.ApplicationProperties["customerId"] = e.CustomerId;
        message.ApplicationProperties["ticketKind"] = e.Ticket.Kind.ToString();
        return message;
    }
}
