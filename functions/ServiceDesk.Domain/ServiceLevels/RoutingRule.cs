using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Domain.ServiceLevels;

/// <summary>
/// A routing rule of a customer: every non-null criterion must match the new ticket (keywords: any one of them in the
/// title, case-insensitive, as a whole word or phrase); the first rule that matches names the assignment group and may
/// raise or lower impact and urgency.
/// </summary>
public sealed record RoutingRule
{
    public required string Name { get; init; }
    public TicketKind? Kind { get; init; }
    public Channel? Channel { get; init; }
    public string? Category { get; init; }
    public string? Service { get; init; }
    public string? ConfigurationItem { get; init; }
    public IReadOnlyList<string> Keywords { get; init; } = [];
    public required string Group { get; init; }
    public Impact? Impact { get; init; }
    public Urgency? Urgency { get; init; }

    public bool Matches(TicketState t) =>
        (Kind is null || Kind == t.Kind) &&
        (Channel is null || Channel == t.Channel) &&
        Same(Category, t.Category) && Same(Service, t.Service) && Same(ConfigurationItem, t.ConfigurationItem) &&
        (Keywords.Count == 0 || Keywords.Any(k => MajorIncidents.Words.Contains(t.Title, k)));

    private static bool Same(string? wanted, string? actual) => wanted is null || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A customer's ordered routing rules and the group for tickets no rule matches (none: the ticket stays New).</summary>
public sealed record RoutingRules(string CustomerId, IReadOnlyList<RoutingRule> Rules, string? FallbackGroup, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    /// <summary>The first matching rule, or null.</summary>
    public RoutingRule? Match(TicketState ticket) => Rules.FirstOrDefault(r => r.Matches(ticket));
}
