namespace ServiceDesk.Domain.Tickets;

public enum PendingReason
{
    WaitingForCustomer,
    WaitingForApproval,
    WaitingForThirdParty,
}
