using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.ServiceLevels;

namespace ServiceDesk.Domain.Tickets;

/// <summary>The persisted form of a ticket: what a store saves and restores. No behaviour.</summary>
public sealed record TicketState
{
    public required string Number { get; init; }
    public required TicketKind Kind { get; init; }
    public required string CustomerId { get; init; }
    public required Requester Requester { get; init; }
    public required Channel Channel { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public string? Category { get; init; }
    public string? Service { get; init; }
    public string? ConfigurationItem { get; init; }
    public required Impact Impact { get; init; }
    public required Urgency Urgency { get; init; }
    public required TicketStatus Status { get; init; }
    public PendingReason? PendingReason { get; init; }
    public string? AssignmentGroup { get; init; }
    public string? AssigneeId { get; init; }
    public string? AssigneeName { get; init; }
    public ResolutionCode? ResolutionCode { get; init; }
    public string? ResolutionNotes { get; init; }
    public required Actor CreatedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FirstResponseAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public int ReopenCount { get; init; }
    public IReadOnlyList<TicketLink> Links { get; init; } = [];
    public IReadOnlyList<string> Watchers { get; init; } = [];
    /// <summary>The service level clocks (null when no policy of the customer covers the ticket).</summary>
    public SlaState? Sla { get; init; }
    /// <summary>The third party's contract clock while (and after) the ticket was with a vendor.</summary>
    public VendorClock? Vendor { get; init; }
    /// <summary>When an alert storm on this ticket proposed a major incident (once per ticket).</summary>
    public DateTimeOffset? MajorIncidentProposedAt { get; init; }
    /// <summary>Sequence of the last activity entry.</summary>
    public int ActivityCount { get; init; }
    /// <summary>Incremented on every change; index rows carry it so stale ones can be recognised.</summary>
    public long Version { get; init; }
}
