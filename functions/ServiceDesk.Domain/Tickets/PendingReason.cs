namespace ServiceDesk.Domain.Tickets;

public enum PendingReason
{
    WaitingForCustomer,
    WaitingForApproval,
    WaitingForThirdParty,
    /// <summary>Linked to a problem: the incident waits for the problem's workaround or fix.</summary>
    AwaitingProblem,
    /// <summary>Linked to a major incident: worked as part of it, not on its own.</summary>
    AwaitingMajorIncident,
}
