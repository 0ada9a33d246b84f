namespace ServiceDesk.Domain.Tickets;

/// <summary>A partial update of a ticket's descriptive fields; null means "leave as is".</summary>
public sealed record TicketChanges
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Category { get; init; }
    public string? Service { get; init; }
    public string? ConfigurationItem { get; init; }
    public Impact? Impact { get; init; }
    public Urgency? Urgency { get; init; }

    public bool IsEmpty =>
        Title is null && Description is null && Category is null && Service is null &&
        ConfigurationItem is null && Impact is null && Urgency is null;
}
