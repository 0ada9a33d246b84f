namespace ServiceDesk.Domain.Tickets;

/// <summary>How a ticket reached the service desk.</summary>
public enum Channel
{
    Portal,
    Email,
    Phone,
    Queue,
    Agent,
}
