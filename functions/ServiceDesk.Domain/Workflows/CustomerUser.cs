using ServiceDesk.Domain.Common;

namespace ServiceDesk.Domain.Workflows;

/// <summary>
/// A person of a customer organisation, as far as approvals need one: who they are, their manager (for
/// "requester's manager" approvals) and their delegate (who takes over an approval that escalates).
/// </summary>
public sealed record CustomerUser(
    string CustomerId,
    string Id,
    string Name,
    string Email,
    string? ManagerId,
    string? DelegateId,
    Language Language)
{
    public Approver AsApprover() => new(Id, Name, Email, Language);
}
