using ServiceDesk.Application.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>Persistence of tickets, their activity logs and their list indexes.</summary>
public interface ITicketStore
{
    Task<StoredTicket?> FindAsync(string number, CancellationToken cancellationToken);

    /// <summary>Writes a new ticket with its first activities, then its index rows.</summary>
    /// <exception cref="TicketAlreadyExistsException">A ticket with that number exists.</exception>
    Task<StoredTicket> InsertAsync(Ticket ticket, CancellationToken cancellationToken);

    /// <summary>Replaces the ticket if its row is still as <paramref name="previous"/> was read, appends its new activities, then updates its index rows.</summary>
    /// <exception cref="PreconditionFailedException">Someone else changed the ticket first.</exception>
    Task<StoredTicket> SaveAsync(StoredTicket previous, Ticket ticket, CancellationToken cancellationToken);

    /// <summary>Claims an idempotency key; returns the claim that won (the proposed one or an earlier one).</summary>
    Task<IdempotencyClaim> ClaimAsync(IdempotencyClaim proposed, CancellationToken cancellationToken);

    /// <summary>Rewrites the ticket's index rows from its state (idempotent; used by replays and repair).</summary>
    Task EnsureIndexedAsync(TicketState ticket, CancellationToken cancellationToken);

    Task<Page<TicketSummary>> ListAsync(string customerId, TicketFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken);

    Task<Page<Activity>> ListActivityAsync(string number, bool includeInternal, int pageSize, string? continuationToken, CancellationToken cancellationToken);
}

/// <summary>A ticket as stored, with the storage concurrency token of its row.</summary>
public sealed record StoredTicket(TicketState State, string StorageETag);

public sealed class TicketAlreadyExistsException(string number) : Exception($"Ticket {number} already exists.");

/// <summary>An Idempotency-Key of one caller bound to the ticket number reserved for it and a hash of the request.</summary>
public sealed record IdempotencyClaim(string CustomerId, string UserId, string Key, string RequestHash, string Number);

/// <summary>List criteria; all optional and combined with AND.</summary>
public sealed record TicketFilter
{
    public TicketStatus? Status { get; init; }
    public TicketKind? Kind { get; init; }
    public string? AssignmentGroup { get; init; }
    public string? AssigneeId { get; init; }
    public string? RequesterId { get; init; }
    public bool OpenOnly { get; init; }
    /// <summary>Only tickets with (true) or without (false) a breached service level target.</summary>
    public bool? SlaBreached { get; init; }
    /// <summary>Only tickets whose earliest running target is due before this instant.</summary>
    public DateTimeOffset? DueBefore { get; init; }
}

/// <summary>What a list shows of a ticket: enough for a queue view without reading the ticket.</summary>
public sealed record TicketSummary(
    string Number,
    TicketKind Kind,
    string CustomerId,
    string Title,
    TicketStatus Status,
    PendingReason? PendingReason,
    Priority Priority,
    string? AssignmentGroup,
    string? AssigneeId,
    string RequesterId,
    string RequesterName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version,
    bool SlaBreached = false,
    DateTimeOffset? SlaDueAt = null)
{
    public static TicketSummary From(TicketState s) => new(
        s.Number, s.Kind, s.CustomerId, s.Title, s.Status, s.PendingReason,
        PriorityMatrix.For(s.Impact, s.Urgency), s.AssignmentGroup, s.AssigneeId,
        s.Requester.Id, s.Requester.Name, s.CreatedAt, s.UpdatedAt, s.Version, s.Sla?.Breached ?? false, s.Sla?.DueAt);
}
