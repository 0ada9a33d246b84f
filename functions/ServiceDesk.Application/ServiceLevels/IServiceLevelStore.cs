using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.ServiceLevels;

namespace ServiceDesk.Application.ServiceLevels;

/// <summary>
/// An assignment group of the supplier: where its mail goes (functional escalations), who manages it (hierarchical
/// escalations) and the next-line group a breach may move a ticket to.
/// </summary>
public sealed record AssignmentGroup(string Id, string Name, string? Email, Language Language, string? ManagerId, string? NextLineGroup, DateTimeOffset UpdatedAt);

/// <summary>Calendars, service level policies (every version kept), routing rules and assignment groups.</summary>
public interface IServiceLevelStore
{
    /// <summary>The customer's own calendar (customer id "supplier" holds the supplier default), or null.</summary>
    Task<CalendarDefinition?> GetCalendarAsync(string customerId, CancellationToken cancellationToken);
    Task PutCalendarAsync(string customerId, CalendarDefinition calendar, CancellationToken cancellationToken);

    /// <summary>A version of the customer's policies (null: the newest), or null when there is none.</summary>
    Task<SlaPolicySet?> GetPoliciesAsync(string customerId, int? version, CancellationToken cancellationToken);

    /// <summary>Stores the set as a new version; false when that version number was taken meanwhile.</summary>
    Task<bool> TryAddPoliciesAsync(SlaPolicySet policies, CancellationToken cancellationToken);

    Task<RoutingRules?> GetRoutingAsync(string customerId, CancellationToken cancellationToken);
    Task PutRoutingAsync(RoutingRules rules, CancellationToken cancellationToken);

    Task<AssignmentGroup?> FindGroupAsync(string id, CancellationToken cancellationToken);
    Task<IReadOnlyList<AssignmentGroup>> ListGroupsAsync(CancellationToken cancellationToken);
    Task PutGroupAsync(AssignmentGroup group, CancellationToken cancellationToken);
}

/// <summary>A ticket whose next escalation step is due at <see cref="DueAt"/> (one row per ticket in the due index).</summary>
public sealed record SlaDueEntry(string Number, DateTimeOffset DueAt);

/// <summary>
/// The due index: tickets keyed by when their next escalation step is due, so the escalation timer reads what is due
/// and nothing else. The ticket store keeps it in step with each saved ticket (<c>Sla.NextEscalationAt</c>).
/// </summary>
public interface ISlaDueIndex
{
    /// <summary>Entries due at or before <paramref name="now"/>, earliest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<SlaDueEntry>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Moves a ticket's entry from <paramref name="previous"/> to <paramref name="next"/> (either may be null).</summary>
    Task MoveAsync(string number, DateTimeOffset? previous, DateTimeOffset? next, CancellationToken cancellationToken);
}
