namespace ServiceDesk.Application.Tickets;

/// <summary>List parameters as a client sends them (query string); parsed by <see cref="TicketQueries"/>.</summary>
public sealed record TicketListQuery
{
    public string? CustomerId { get; init; }
    public string? Status { get; init; }
    public string? Kind { get; init; }
    public string? Group { get; init; }
    public string? AssigneeId { get; init; }
    public string? RequesterId { get; init; }
    /// <summary>"true" lists open tickets only.</summary>
    public string? Open { get; init; }
    /// <summary>"true": only tickets with a breached service level target; "false": only those without.</summary>
    public string? SlaBreached { get; init; }
    /// <summary>ISO 8601 instant: only tickets whose earliest running target is due before it.</summary>
    public string? DueBefore { get; init; }
    public string? PageSize { get; init; }
    public string? ContinuationToken { get; init; }
}
