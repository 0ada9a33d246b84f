namespace ServiceDesk.Domain.Workflows;

/// <summary>How the approvers of one step decide: any one of them, or every one of them.</summary>
public enum ApprovalRule
{
    Any,
    All,
}
