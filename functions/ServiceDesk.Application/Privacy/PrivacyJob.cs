using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.Privacy;

public enum PrivacyJobKind
{
    Erasure,
    Export,
}

public enum PrivacyJobStatus
{
    Queued,
    Running,
    Completed,
    Failed,
}

/// <summary>What one step found (rows or blobs mentioning the person), changed (rewritten) and deleted; a dry run only finds.</summary>
public sealed record StoreCounts(int Matched, int Changed, int Deleted);

/// <summary>
/// An export or erasure, run by the privacy queue in steps (one per store). <see cref="Step"/> is the next step to run:
/// a host that dies mid-job redelivers the queue message and the job goes on from that step (each step is idempotent).
/// <see cref="Person"/> is held only while the job runs and cleared when it completes.
/// </summary>
public sealed record PrivacyJob
{
    public required string Id { get; init; }
    public required PrivacyJobKind Kind { get; init; }
    public required string CustomerId { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTimeOffset RequestedAt { get; init; }
    public bool DryRun { get; init; }
    /// <summary>The person's pseudonym: what the job and the audit show instead of the address.</summary>
    public required string Subject { get; init; }
    public PrivacyJobStatus Status { get; init; }
    public Person? Person { get; init; }
    public bool Resolved { get; init; }
    public int Step { get; init; }
    public IReadOnlyDictionary<string, StoreCounts> Counts { get; init; } = new Dictionary<string, StoreCounts>();
    public int Attempts { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public string? Error { get; init; }
    /// <summary>Exports: the zip's blob name once written.</summary>
    public string? ExportBlob { get; init; }
}

/// <summary>What the API shows of a job: no identifiers of the person, only the pseudonym.</summary>
public sealed record PrivacyJobView(
    string Id, string Kind, string CustomerId, string Subject, bool DryRun, string Status, DateTimeOffset RequestedAt,
    DateTimeOffset? CompletedAt, IReadOnlyDictionary<string, StoreCounts> Counts, string? Error)
{
    /// <summary>Exports: a short-lived signed link to the zip, minted on each read of a completed export.</summary>
    public string? Download { get; init; }
    public DateTimeOffset? DownloadExpiresAt { get; init; }

    public static PrivacyJobView From(PrivacyJob j) => new(
        j.Id, Camel(j.Kind.ToString()), j.CustomerId, j.Subject, j.DryRun, Camel(j.Status.ToString()), j.RequestedAt, j.CompletedAt, j.Counts, j.Error);

    private static string Camel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);
}

public interface IPrivacyJobStore
{
    Task CreateAsync(PrivacyJob job, CancellationToken ct);
    Task<PrivacyJob?> FindAsync(string id, CancellationToken ct);
    Task SaveAsync(PrivacyJob job, CancellationToken ct);
}

public interface IPrivacyJobQueue
{
    Task EnqueueAsync(string jobId, CancellationToken ct);
}

/// <summary>The storage side of erasure: finds the person's identifiers, then rewrites one store per step.</summary>
public interface IPersonalDataEraser
{
    /// <summary>The step names, in the order they run (stable: a resumed job relies on it).</summary>
    IReadOnlyList<string> Steps { get; }

    /// <summary>Adds the names and phone numbers the customer's data holds for the person's ids and addresses.</summary>
    Task<Person> ResolveAsync(Person person, CancellationToken ct);

    Task<StoreCounts> RunStepAsync(int step, Person person, string pseudonym, bool dryRun, CancellationToken ct);
}

/// <summary>The storage side of exports: one JSON document and the person's mails and attachments in a zip.</summary>
public interface IPersonalDataExporter
{
    /// <summary>Writes (or rewrites: idempotent) the job's zip; returns its blob name and what it holds per store.</summary>
    Task<(string Blob, IReadOnlyDictionary<string, StoreCounts> Counts)> ExportAsync(PrivacyJob job, Person person, CancellationToken ct);

    Task<Stream?> OpenAsync(string blob, CancellationToken ct);
}

/// <summary>One line of the append-only privacy audit: who did what for whom (a pseudonym), when, and what changed in counts.</summary>
public sealed record PrivacyAuditEntry(
    string CustomerId, string JobId, string Action, string ActorId, DateTimeOffset At, string Subject, IReadOnlyDictionary<string, StoreCounts> Counts);

public interface IPrivacyAudit
{
    /// <summary>Appends the entry; appending the same (job, action) twice keeps the first.</summary>
    Task AppendAsync(PrivacyAuditEntry entry, CancellationToken ct);

    /// <summary>Newest first.</summary>
    Task<Page<PrivacyAuditEntry>> ListAsync(string customerId, int pageSize, string? continuationToken, CancellationToken ct);
}

/// <summary>The storage queue of privacy jobs: each message is a job id.</summary>
public static class PrivacyQueue
{
    public const string Name = "privacy-jobs";
}
