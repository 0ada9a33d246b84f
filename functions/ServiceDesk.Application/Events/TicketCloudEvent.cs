using System.Text.Json;
using System.Text.Json.Serialization;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Events;

/// <summary>
/// A ticket event as a CloudEvents 1.0 JSON document (structured mode), what other services receive on the
/// <c>ticket-events</c> topic. <c>data</c> carries the ticket's summary after the change, never internal notes.
/// </summary>
public static class TicketCloudEvent
{
    public const string ContentType = "application/cloudevents+json";
    public const string Source = "/servicedesk/tickets";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static byte[] Serialize(TicketEvent e) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        specversion = "1.0",
        id = e.Id,
        source = Source,
        type = e.Type,
        subject = e.Number,
        time = e.At,
        datacontenttype = "application/json",
        data = new
        {
            number = e.Number,
            customerId = e.CustomerId,
            sequence = e.Sequence,
            actor = new { id = e.Actor.Id, name = e.Actor.Name },
            text = e.Text,
            changes = e.Data,
            ticket = new
            {
                kind = e.Ticket.Kind,
                title = e.Ticket.Title,
                status = e.Ticket.Status,
                priority = (int)PriorityMatrix.For(e.Ticket.Impact, e.Ticket.Urgency),
                channel = e.Ticket.Channel,
                service = e.Ticket.Service,
                configurationItem = e.Ticket.ConfigurationItem,
                assignmentGroup = e.Ticket.AssignmentGroup,
                assigneeId = e.Ticket.AssigneeId,
                requesterId = e.Ticket.Requester.Id,
                createdAt = e.Ticket.CreatedAt,
                updatedAt = e.Ticket.UpdatedAt,
                resolvedAt = e.Ticket.ResolvedAt,
                version = e.Ticket.Version,
            },
        },
    }, Options);
}
