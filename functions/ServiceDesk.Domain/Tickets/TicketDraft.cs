namespace ServiceDesk.Domain.Tickets;

/// <summary>What is needed to open a ticket, already validated at the edge.</summary>
public sealed record TicketDraft(
    TicketKind Kind,
    string CustomerId,
    Requester Requester,
    Channel Channel,
    string Title,
    string Description,
    string? Category,
    string? Service,
    string? ConfigurationItem,
    Impact Impact,
    Urgency Urgency);
