using ServiceDesk.Application.Common;
using ServiceDesk.Application.Tickets;

namespace ServiceDesk.Application.MajorIncidents;

/// <summary><c>POST /api/major-incidents</c>: from an open incident (<see cref="FromTicket"/>) or a new one (<see cref="Ticket"/>).</summary>
public sealed record DeclareMajorIncidentInput
{
    public string? FromTicket { get; init; }
    public CreateTicketInput? Ticket { get; init; }
    /// <summary>Customer ids in scope, or ["*"] for every customer the caller serves... every customer (admins).</summary>
    public List<string>? Customers { get; init; }
    public List<string>? Services { get; init; }
    public List<string>? ConfigurationItems { get; init; }
    public List<string>? Keywords { get; init; }
    public TextInput? Title { get; init; }
    public TextInput? Impact { get; init; }
    public TextInput? Message { get; init; }
    public DateTimeOffset? NextUpdateAt { get; init; }
}


/// <summary><c>POST /api/major-incidents/{id}/updates</c>; <c>public</c> defaults to true.</summary>
public sealed record MajorIncidentUpdateInput
{
    public bool? Public { get; init; }
    public TextInput? Message { get; init; }
    public DateTimeOffset? NextUpdateAt { get; init; }
}

/// <summary><c>POST /api/major-incidents/{id}/resolve</c>: the final message and the notes the open children are resolved with.</summary>
public sealed record ResolveMajorIncidentInput
{
    public TextInput? Message { get; init; }
    public string? ResolutionNotes { get; init; }
}

/// <summary><c>PUT /api/customers/{id}/major-incident-settings</c>.</summary>
public sealed record MajorIncidentSettingsInput
{
    public bool? PublicStatus { get; init; }
    public bool? AllowOptOut { get; init; }
    public int? StormThreshold { get; init; }
    public List<SubscriberInput>? Subscribers { get; init; }
}

public sealed record SubscriberInput(string? Email, string? Name, string? Language, List<string>? Services);
