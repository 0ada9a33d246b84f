namespace ServiceDesk.Domain.Workflows;

public enum WorkflowStatus
{
    Waiting,
    Approved,
    Rejected,
    Expired,
    HandedToServiceDesk,
}
