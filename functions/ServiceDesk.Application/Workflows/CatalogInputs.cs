namespace ServiceDesk.Application.Workflows;

/// <summary>
/// A catalogue item as an admin sends it. <c>approval</c>: none, one, anyOf, allOf (with <c>approvers</c>) or
/// sequence (with <c>steps</c>). Approvers are customer user ids or "manager" (the requester's manager).
/// Durations are TimeSpan strings ("1.00:00:00" is a day); left out, the deployment's defaults apply.
/// </summary>
public sealed record CatalogItemInput
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Approval { get; init; }
    public IReadOnlyList<string>? Approvers { get; init; }
    public IReadOnlyList<ApprovalStepInput>? Steps { get; init; }
    public string? FulfilmentGroup { get; init; }
    public string? FallbackApprover { get; init; }
    public string? RemindAfter { get; init; }
    public string? EscalateAfter { get; init; }
    public string? ExpireAfter { get; init; }
    /// <summary>reject (default) or handToServiceDesk.</summary>
    public string? OnExpiry { get; init; }
}

public sealed record ApprovalStepInput
{
    public string? Name { get; init; }
    /// <summary>any (default) or all.</summary>
    public string? Rule { get; init; }
    public IReadOnlyList<string>? Approvers { get; init; }
}

public sealed record CustomerUserInput
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? ManagerId { get; init; }
    public string? DelegateId { get; init; }
    public string? Language { get; init; }
}
