namespace ServiceDesk.Domain.Tickets;

public enum TicketKind
{
    Incident,
    ServiceRequest,
    Problem,
}
