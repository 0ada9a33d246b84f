using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Domain.Statistics;

/// <summary>
/// What statistics and problem detection need to know about one ticket version: the classification, the
/// timestamps, the requester and the normalised words of its text. Derived from <see cref="TicketState"/>; stored
/// per ticket so a later version can take back exactly what the earlier one contributed.
/// </summary>
public sealed record TicketFacts
{
    public required string Number { get; init; }
    public required string CustomerId { get; init; }
    public required TicketKind Kind { get; init; }
    public required long Version { get; init; }
    public required TicketStatus Status { get; init; }
    public required Priority Priority { get; init; }
    public string? Service { get; init; }
    public string? ConfigurationItem { get; init; }
    public string? Category { get; init; }
    public required string RequesterId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FirstResponseAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public int ReopenCount { get; init; }
    /// <summary>The ticket is linked (caused by) to a problem already: detection leaves it out.</summary>
    public bool LinkedToProblem { get; init; }
    /// <summary>Service level targets decided so far: met (when stopped in time) or breached (when the target passed).</summary>
    public IReadOnlyList<SlaFact> Sla { get; init; } = [];
    /// <summary>The vendor the ticket was handed to, and how its resolve target ended (null while not resolved by the vendor).</summary>
    public string? VendorId { get; init; }
    public SlaFact? VendorResolve { get; init; }
    /// <summary>Normalised, stemmed, distinct words of title and description (see <c>Problems.TextNormalizer</c>).</summary>
    public IReadOnlyList<string> Terms { get; init; } = [];

    /// <summary>The first-contact-resolution proxy: resolved within this time of opening and never reopened.</summary>
    public static readonly TimeSpan FirstContactLimit = TimeSpan.FromMinutes(60);

    public bool IsOpen => Status.IsOpen();

    public bool ResolvedOnFirstContact =>
        ResolvedAt is { } resolved && ReopenCount == 0 && resolved - CreatedAt <= FirstContactLimit;

    public static TicketFacts From(TicketState s) => new()
    {
        Number = s.Number,
        CustomerId = s.CustomerId,
        Kind = s.Kind,
        Version = s.Version,
        Status = s.Status,
        Priority = PriorityMatrix.For(s.Impact, s.Urgency),
        Service = s.Service,
        ConfigurationItem = s.ConfigurationItem,
        Category = s.Category,
        RequesterId = s.Requester.Id,
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
        FirstResponseAt = s.FirstResponseAt,
        ResolvedAt = s.ResolvedAt,
        ReopenCount = s.ReopenCount,
        LinkedToProblem = s.Links.Any(l => l.Type == LinkType.CausedBy),
        Terms = Problems.TextNormalizer.Terms(s.Title + "\n" + s.Description),
        Sla = (s.Sla?.Targets ?? []).Select(SlaFact.Of).OfType<SlaFact>().ToList(),
        VendorId = s.Vendor?.VendorId,
        VendorResolve = s.Vendor is { ResolvedAt: { } at } v ? new SlaFact(SlaTargetKind.Resolution, at <= v.ResolveDueAt, at) : null,
    };
}

/// <summary>How one target ended and when (the day it counts on).</summary>
public sealed record SlaFact(SlaTargetKind Target, bool Met, DateTimeOffset DecidedAt)
{
    public static SlaFact? Of(SlaTargetState t) => t.Outcome switch
    {
        SlaOutcome.Met when t.StoppedAt is { } at => new SlaFact(t.Kind, true, at),
        SlaOutcome.Breached when t.BreachedAt is { } at => new SlaFact(t.Kind, false, at),
        _ => null,
    };
}
