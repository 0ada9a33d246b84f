namespace ServiceDesk.Domain.Workflows;

/// <summary>
/// Something a customer's users can order, with its approval policy and where the approved request goes.
/// No steps means no approval. Durations left out come from the deployment's workflow options.
/// </summary>
public sealed record CatalogItem(
    string CustomerId,
    string Id,
    string Name,
    string? Description,
    IReadOnlyList<ApprovalStepDefinition> Steps,
    string FulfilmentGroup,
    string? FallbackApproverId,
    TimeSpan? RemindAfter,
    TimeSpan? EscalateAfter,
    TimeSpan? ExpireAfter,
    ExpiryBehaviour OnExpiry)
{
    public bool NeedsApproval => Steps.Count > 0;
}
