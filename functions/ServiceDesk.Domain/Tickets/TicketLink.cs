namespace ServiceDesk.Domain.Tickets;

public enum LinkType
{
    Parent,
    Child,
    Related,
    CausedBy,
}

public sealed record TicketLink(LinkType Type, string Target);
