using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.MajorIncidents;

namespace ServiceDesk.Application.MajorIncidents;

/// <summary>Someone a customer registered to hear about major incidents on some (or all, when empty) of its services.</summary>
public sealed record MajorIncidentSubscriber(string Email, string Name, Language Language, IReadOnlyList<string> Services);

/// <summary>
/// A customer's major-incident settings: whether its status document is public (default off), whether its users may opt
/// out of broadcasts, the alert-storm threshold that proposes a major incident, and its registered subscribers.
/// </summary>
public sealed record MajorIncidentSettings(
    string CustomerId, bool PublicStatus, bool AllowOptOut, int StormThreshold, IReadOnlyList<MajorIncidentSubscriber> Subscribers, DateTimeOffset UpdatedAt)
{
    public const int DefaultStormThreshold = 20;

    public static MajorIncidentSettings Default(string customerId) => new(customerId, false, true, DefaultStormThreshold, [], DateTimeOffset.MinValue);
}

/// <summary>Someone to tell about an update: address, name and language.</summary>
public sealed record BroadcastRecipient(string Email, string Name, Language Language);

/// <summary>Major incidents (a JSON document each, with an ETag), their children, and the customers' settings and opt-outs.</summary>
public interface IMajorIncidentStore
{
    Task<(MajorIncident Incident, string ETag)?> FindAsync(string id, CancellationToken ct);
    Task<IReadOnlyList<MajorIncident>> ListAsync(bool openOnly, CancellationToken ct);

    /// <summary>Writes a new major incident; false when one with that id exists.</summary>
    Task<bool> TryInsertAsync(MajorIncident incident, CancellationToken ct);

    /// <exception cref="Common.PreconditionFailedException">Changed by someone else since <paramref name="etag"/>.</exception>
    Task SaveAsync(MajorIncident incident, string etag, CancellationToken ct);

    Task AddChildAsync(string id, string number, CancellationToken ct);
    Task RemoveChildAsync(string id, string number, CancellationToken ct);
    Task<IReadOnlyList<string>> ChildrenAsync(string id, CancellationToken ct);

    Task<MajorIncidentSettings?> GetSettingsAsync(string customerId, CancellationToken ct);
    Task PutSettingsAsync(MajorIncidentSettings settings, CancellationToken ct);
    Task SetOptOutAsync(string customerId, string email, bool optedOut, CancellationToken ct);
    Task<IReadOnlySet<string>> OptedOutAsync(string customerId, CancellationToken ct);
}

/// <summary>The requesters of a customer's open tickets on some services or configuration items (from the ticket index).</summary>
public interface IAffectedUsers
{
    Task<IReadOnlyList<BroadcastRecipient>> OpenTicketRequestersAsync(string customerId, IReadOnlyList<string> services, IReadOnlyList<string> configurationItems, CancellationToken ct);
}

/// <summary>Queues the broadcast of one update (drained by a queue function, retried, idempotent per recipient).</summary>
public interface IMajorIncidentBroadcastQueue
{
    Task EnqueueAsync(BroadcastRequest request, CancellationToken ct);
}

/// <summary>Broadcast update <paramref name="Sequence"/> of major incident <paramref name="Id"/>.</summary>
public sealed record BroadcastRequest(string Id, int Sequence);

public static class MajorIncidentQueue
{
    public const string Name = "major-incident-broadcasts";
}
