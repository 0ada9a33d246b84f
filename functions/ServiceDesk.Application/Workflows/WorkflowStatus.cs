namespace ServiceDesk.Application.Workflows;

public enum WorkflowStatus
{
    Waiting,
    Approved,
    Rejected,
    Expired,
    HandedToServiceDesk,
}
