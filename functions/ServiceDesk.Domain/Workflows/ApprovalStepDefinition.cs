namespace ServiceDesk.Domain.Workflows;

/// <summary>
/// One step of a catalogue item's approval: approvers are customer user ids, or <see cref="RequesterManager"/>
/// for the requester's manager, resolved when the request is made.
/// </summary>
public sealed record ApprovalStepDefinition(string Name, ApprovalRule Rule, IReadOnlyList<string> Approvers)
{
    public const string RequesterManager = "manager";
}
