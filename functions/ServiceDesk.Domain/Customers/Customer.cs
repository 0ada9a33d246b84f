using ServiceDesk.Domain.Common;

namespace ServiceDesk.Domain.Customers;

/// <summary>A customer organisation the supplier serves. Later work extends it (approvers, vendors, SLAs).</summary>
/// <param name="EmailDomains">Mail domains of the organisation's users, lower case.</param>
/// <param name="EndUsersSeeOrganisationTickets">When true, end users see all tickets of their organisation, not only their own.</param>
/// <param name="ResolveOnAlertRecovery">When true, a "resolved" message from a monitoring source resolves the incident it raised; otherwise the recovery is only noted.</param>
/// <param name="Retention">The customer's own retention periods; null (or a null value in it) uses the default.</param>
/// <param name="ProblemDetection">The customer's own problem-detection thresholds; null (or a null value in it) uses the global default.</param>
public sealed record Customer(
    string Id,
    string Name,
    IReadOnlyList<string> EmailDomains,
    Language DefaultLanguage,
    bool EndUsersSeeOrganisationTickets,
    bool ResolveOnAlertRecovery = false,
    ProblemDetectionOverrides? ProblemDetection = null,
    RetentionOverrides? Retention = null);
