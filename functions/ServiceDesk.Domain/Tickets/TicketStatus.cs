namespace ServiceDesk.Domain.Tickets;

public enum TicketStatus
{
    New,
    Assigned,
    InProgress,
    Pending,
    Resolved,
    Closed,
    Cancelled,
}

public static class TicketStatusExtensions
{
    /// <summary>Open means the service desk still owes the user something.</summary>
    public static bool IsOpen(this TicketStatus status) =>
        status is not (TicketStatus.Resolved or TicketStatus.Closed or TicketStatus.Cancelled);

    public static bool IsTerminal(this TicketStatus status) =>
        status is TicketStatus.Closed or TicketStatus.Cancelled;
}
