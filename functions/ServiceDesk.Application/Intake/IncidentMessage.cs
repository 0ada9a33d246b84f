using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Intake;

/// <summary>Whether the raising system reports the problem as present or as gone.</summary>
public enum AlertStatus
{
    Firing,
    Resolved,
}

/// <summary>
/// An incident raised by another service, parsed from either accepted shape (the ServiceDesk contract v1 or the
/// Azure Monitor common alert schema) and validated. Everything the intake needs, nothing transport-specific.
/// </summary>
public sealed record IncidentMessage
{
    public required string SchemaVersion { get; init; }
    /// <summary>The raising system: letters, digits, '.', '-', '_' (it also names the ticket's requester when none is given).</summary>
    public required string Source { get; init; }
    /// <summary>The source's own unique id of this event; (Source, SourceId) is the idempotency key.</summary>
    public required string SourceId { get; init; }
    public required string CustomerId { get; init; }
    public required string Title { get; init; }
    public string? Description { get; init; }
    public required Impact Impact { get; init; }
    public required Urgency Urgency { get; init; }
    public string? Service { get; init; }
    public string? ConfigurationItem { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
    public string? CorrelationKey { get; init; }
    public MessageRequester? Requester { get; init; }
    public AlertStatus Status { get; init; } = AlertStatus.Firing;
}

public sealed record MessageRequester(string? Id, string Name, string? Email, string? Phone);
