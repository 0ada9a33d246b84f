namespace ServiceDesk.Domain.Tickets;

public enum Impact
{
    High,
    Medium,
    Low,
}

public enum Urgency
{
    High,
    Medium,
    Low,
}

/// <summary>ITIL priorities, 1 (most urgent) to 5.</summary>
public enum Priority
{
    Critical = 1,
    High = 2,
    Moderate = 3,
    Low = 4,
    Planning = 5,
}

/// <summary>
/// The impact × urgency matrix (documented in functions/ServiceDesk.Functions/README.md):
/// <code>
///                 Urgency High   Medium     Low
/// Impact High      1 Critical    2 High     3 Moderate
/// Impact Medium    2 High        3 Moderate 4 Low
/// Impact Low       3 Moderate    4 Low      5 Planning
/// </code>
/// </summary>
public static class PriorityMatrix
{
    public static Priority For(Impact impact, Urgency urgency) =>
        (Priority)((int)impact + (int)urgency + 1);
}
