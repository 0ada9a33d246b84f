namespace ServiceDesk.Domain.Workflows;

public enum ApprovalDecision
{
    Approve,
    Reject,
}
