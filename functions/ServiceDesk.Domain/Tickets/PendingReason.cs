namespace ServiceDesk.Domain.Tickets;

public enum PendingReason
{
    WaitingForCustomer,
    WaitingForApproval,
    WaitingForThirdParty,
    /// <summary>Linked to a problem: the incident waits for the problem's workaround or fix.</summary>
    AwaitingProblem,
}
