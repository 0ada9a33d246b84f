using ServiceDesk.Domain.Common;

namespace ServiceDesk.Domain.Customers;

/// <summary>A customer organisation the supplier serves. Later work extends it (approvers, vendors, SLAs).</summary>
/// <param name="EmailDomains">Mail domains of the organisation's users, lower case.</param>
/// <param name="EndUsersSeeOrganisationTickets">When true, end users see all tickets of their organisation, not only their own.</param>
public sealed record Customer(
    string Id,
    string Name,
    IReadOnlyList<string> EmailDomains,
    Language DefaultLanguage,
    bool EndUsersSeeOrganisationTickets);
