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
    public string? PageSize { get; init; }
    public string? ContinuationToken { get; init; }
}
