namespace ServiceDesk.Infrastructure.Events;

/// <summary>Where ticket events are published. The namespace itself is the Functions-style connection <c>ServiceBus</c>.</summary>
public sealed class TicketEventOptions
{
    public const string SectionName = "ServiceDesk:Events";

    /// <summary>The Service Bus topic ticket events are sent to (duplicate detection on, keyed by the event id).</summary>
    public string TopicName { get; set; } = "ticket-events";
}
