namespace ServiceDesk.Application.ServiceLevels;

/// <summary><c>PUT /api/customers/{id}/calendar</c>: times "HH:mm" local to <see cref="TimeZone"/>; an end of "24:00" is midnight.</summary>
public sealed record CalendarInput
{
    public string? TimeZone { get; init; }
    public Dictionary<string, List<WorkingHoursInput>>? Hours { get; init; }
    public bool? SwedishPublicHolidays { get; init; }
    public List<string>? ClosedDays { get; init; }
    public bool? AlwaysOpen { get; init; }
}

public sealed record WorkingHoursInput(string? Start, string? End);

/// <summary><c>PUT /api/customers/{id}/sla-policies</c>: the whole ordered set; each write is a new version.</summary>
public sealed record SlaPolicySetInput
{
    public List<SlaPolicyInput>? Policies { get; init; }
    public ContactInput? ServiceManager { get; init; }
}

public sealed record ContactInput(string? Name, string? Email, string? Language);

/// <summary>One policy; durations "hh:mm:ss" or "d.hh:mm:ss" of business time in <see cref="Calendar"/> ("business" or "24x7").</summary>
public sealed record SlaPolicyInput
{
    public string? Name { get; init; }
    public string? Priority { get; init; }
    public string? Kind { get; init; }
    public string? Service { get; init; }
    public string? Category { get; init; }
    public string? FirstResponse { get; init; }
    public string? Resolution { get; init; }
    public string? Fulfilment { get; init; }
    public string? Calendar { get; init; }
    public List<string>? PauseOn { get; init; }
    public List<EscalationStepInput>? Escalation { get; init; }
}

public sealed record EscalationStepInput(int? Percent, string? Level, string? MoveToGroup);

/// <summary><c>PUT /api/customers/{id}/routing-rules</c>: ordered rules, the first match wins; tickets no rule matches go to <see cref="FallbackGroup"/>.</summary>
public sealed record RoutingRulesInput
{
    public List<RoutingRuleInput>? Rules { get; init; }
    public string? FallbackGroup { get; init; }
}

public sealed record RoutingRuleInput
{
    public string? Name { get; init; }
    public string? Kind { get; init; }
    public string? Channel { get; init; }
    public string? Category { get; init; }
    public string? Service { get; init; }
    public string? ConfigurationItem { get; init; }
    public List<string>? Keywords { get; init; }
    public string? Group { get; init; }
    public string? Impact { get; init; }
    public string? Urgency { get; init; }
}

/// <summary><c>PUT /api/groups/{id}</c>.</summary>
public sealed record AssignmentGroupInput
{
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Language { get; init; }
    public string? ManagerId { get; init; }
    public string? NextLineGroup { get; init; }
}
