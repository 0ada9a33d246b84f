using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Domain.ServiceLevels;

/// <summary>The time promises of a service level: each kind of target runs its own clock.</summary>
public enum SlaTargetKind
{
    /// <summary>Until someone of the desk first responds (assigns with a note, starts work, comments publicly, resolves).</summary>
    FirstResponse,
    /// <summary>Until the ticket is resolved; a reopen continues it.</summary>
    Resolution,
    /// <summary>Service requests: until fulfilled (resolved), never counting time waiting for approval.</summary>
    Fulfilment,
}

/// <summary>Where a target stands.</summary>
public enum SlaOutcome
{
    /// <summary>Still counting or paused.</summary>
    Open,
    Met,
    Breached,
    /// <summary>The ticket was cancelled: neither met nor breached, not counted in compliance.</summary>
    Cancelled,
}

/// <summary>Who an escalation step notifies: functional (the people working it) or hierarchical (their managers).</summary>
public enum EscalationLevel
{
    Functional,
    Hierarchical,
}

/// <summary>
/// An escalation step at a percentage of a target's time; at or above 100 it may move the ticket to
/// <see cref="MoveToGroup"/>: a group id, or <see cref="NextLine"/> for the next-line group of the group the ticket is in.
/// </summary>
public sealed record EscalationStep(int Percent, EscalationLevel Level, string? MoveToGroup = null)
{
    public const string NextLine = "next-line";
}

/// <summary>
/// One service level of a customer: which tickets it covers (every non-null criterion must match; the first policy of
/// the set that matches wins) and the targets, in business time of <see cref="Calendar"/> ("business": the customer's
/// calendar, "24x7": always open).
/// </summary>
public sealed record SlaPolicy
{
    public required string Name { get; init; }
    public Priority? Priority { get; init; }
    public TicketKind? Kind { get; init; }
    public string? Service { get; init; }
    public string? Category { get; init; }
    public TimeSpan? FirstResponse { get; init; }
    public TimeSpan? Resolution { get; init; }
    public TimeSpan? Fulfilment { get; init; }
    public string Calendar { get; init; } = BusinessCalendarName;
    /// <summary>Pending reasons during which the customer's clocks pause.</summary>
    public IReadOnlyList<PendingReason> PauseOn { get; init; } = DefaultPauseOn;
    public IReadOnlyList<EscalationStep> Escalation { get; init; } = DefaultEscalation;

    public const string BusinessCalendarName = "business";
    public const string AlwaysOpenCalendarName = "24x7";

    public static readonly IReadOnlyList<PendingReason> DefaultPauseOn = [PendingReason.WaitingForCustomer, PendingReason.WaitingForApproval];

    public static readonly IReadOnlyList<EscalationStep> DefaultEscalation =
    [
        new(50, EscalationLevel.Functional),
        new(75, EscalationLevel.Hierarchical),
        new(100, EscalationLevel.Hierarchical),
    ];

    public bool Matches(TicketState ticket) =>
        (Priority is null || Priority == PriorityMatrix.For(ticket.Impact, ticket.Urgency)) &&
        (Kind is null || Kind == ticket.Kind) &&
        (Service is null || string.Equals(Service, ticket.Service, StringComparison.OrdinalIgnoreCase)) &&
        (Category is null || string.Equals(Category, ticket.Category, StringComparison.OrdinalIgnoreCase));

    /// <summary>The target of one kind, or null when this policy sets none (fulfilment only applies to service requests).</summary>
    public TimeSpan? TargetFor(SlaTargetKind kind, TicketKind ticketKind) => kind switch
    {
        SlaTargetKind.FirstResponse => FirstResponse,
        SlaTargetKind.Resolution => Resolution,
        SlaTargetKind.Fulfilment when ticketKind == TicketKind.ServiceRequest => Fulfilment,
        _ => null,
    };
}

/// <summary>
/// A customer's service levels as one versioned document: every write is a new version, and a ticket keeps the
/// version it started under (a priority change re-matches within that version).
/// </summary>
/// <param name="ServiceManagerEmail">The customer's service manager, notified by hierarchical escalations.</param>
public sealed record SlaPolicySet(
    string CustomerId,
    int Version,
    IReadOnlyList<SlaPolicy> Policies,
    string? ServiceManagerEmail,
    string? ServiceManagerName,
    Common.Language ServiceManagerLanguage,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public SlaPolicy? Match(TicketState ticket) => Policies.FirstOrDefault(p => p.Matches(ticket));
}
