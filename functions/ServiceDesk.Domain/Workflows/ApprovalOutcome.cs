namespace ServiceDesk.Domain.Workflows;

public enum ApprovalOutcome
{
    Pending,
    Approved,
    Rejected,
}
