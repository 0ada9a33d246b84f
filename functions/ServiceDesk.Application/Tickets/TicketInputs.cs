namespace ServiceDesk.Application.Tickets;

/// <summary>The descriptive fields of a ticket as a client sends them, when opening or editing it.</summary>
public abstract record TicketFieldsInput
{
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? Category { get; init; }
    public string? Service { get; init; }
    public string? ConfigurationItem { get; init; }
    public string? Impact { get; init; }
    public string? Urgency { get; init; }
}

/// <summary>A ticket as a client sends it (portal, form, agent, integration); parsed by <see cref="TicketCommands"/>.</summary>
public sealed record CreateTicketInput : TicketFieldsInput
{
    public string? Kind { get; init; }
    /// <summary>Staff and integrations only: the customer the ticket is for.</summary>
    public string? CustomerId { get; init; }
    /// <summary>Staff and integrations only: the person the ticket is for.</summary>
    public RequesterInput? Requester { get; init; }
    /// <summary>Staff only: how the request came in (Phone by default for agents).</summary>
    public string? Channel { get; init; }
    /// <summary>End users: preferred language of replies (sv/en); defaults to the customer's language.</summary>
    public string? Language { get; init; }
}

public sealed record RequesterInput
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Email { get; init; }
    public string? Phone { get; init; }
    public string? Language { get; init; }
}

/// <summary>A partial edit: fields left out (null) stay as they are.</summary>
public sealed record UpdateTicketInput : TicketFieldsInput;

public sealed record CommentInput
{
    public string? Text { get; init; }
    /// <summary>"public" (default) or "internal".</summary>
    public string? Visibility { get; init; }
}

/// <summary>Parameters of a status transition; which ones apply depends on the action.</summary>
public sealed record TransitionInput
{
    public string? Group { get; init; }
    public string? AssigneeId { get; init; }
    public string? AssigneeName { get; init; }
    public string? Reason { get; init; }
    public string? Note { get; init; }
    public string? ResolutionCode { get; init; }
    public string? ResolutionNotes { get; init; }
}

public sealed record LinkInput
{
    public string? Type { get; init; }
    public string? Target { get; init; }
}

public sealed record WatcherInput
{
    public string? Watcher { get; init; }
}
