using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;

namespace ServiceDesk.Application.Privacy;

/// <summary>Who an export or erasure is about; <see cref="DryRun"/> applies to erasures only.</summary>
public sealed record ErasureInput
{
    public string? CustomerId { get; init; }
    public string? UserId { get; init; }
    public string? Email { get; init; }
    /// <summary>Further names and phone numbers to redact (those on the person's tickets and user record are found by the job).</summary>
    public IReadOnlyList<string>? Names { get; init; }
    public IReadOnlyList<string>? Phones { get; init; }
    public bool DryRun { get; init; }
}

/// <summary>
/// <c>POST /api/privacy/erasures</c> queues the pseudonymisation of one person of one customer (or, with <c>dryRun</c>,
/// a count of what it would change); <c>POST /api/privacy/exports</c> queues the collection of their data into a zip.
/// The job runs on the privacy queue (<see cref="PrivacyJobRunner"/>).
/// </summary>
public sealed class PrivacyRequests(
    ICustomerDirectory customers, IPrivacyJobStore jobs, IPrivacyJobQueue queue, IPrivacyAudit audit, Pseudonyms pseudonyms, TimeProvider time)
{
    public async Task<PrivacyJobView> RequestAsync(Caller caller, PrivacyJobKind kind, ErasureInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrWhiteSpace(input.CustomerId))
        {
            errors.Add("customerId", FieldRule.Required, "Required.");
        }
        if (string.IsNullOrWhiteSpace(input.UserId) && string.IsNullOrWhiteSpace(input.Email))
        {
            errors.Add("userId", FieldRule.Required, "Give the person's userId, email or both.");
        }
        if (input.Email is { } email && (email.Length > 320 || !email.Contains('@') || email.Trim().Contains(' ')))
        {
            errors.Add("email", FieldRule.Email, "Not an email address.");
        }
        if ((input.Names?.Count ?? 0) + (input.Phones?.Count ?? 0) > 20)
        {
            errors.Add("names", FieldRule.TooMany, "At most 20 names and phone numbers.", new Dictionary<string, object> { ["max"] = 20 });
        }
        errors.ThrowIfAny();
        var customerId = input.CustomerId!.Trim();
        PrivacyAccess.Require(caller, customerId);
        if (await customers.FindAsync(customerId, ct) is null)
        {
            throw new NotFoundException($"Customer '{customerId}' not found.");
        }
        var userId = string.IsNullOrWhiteSpace(input.UserId) ? null : input.UserId.Trim();
        var address = string.IsNullOrWhiteSpace(input.Email) ? null : input.Email.Trim();
        var person = new Person(customerId, userId, [], [], []).WithFound(address is null ? [] : [address], input.Names ?? [], input.Phones ?? []);
        var job = new PrivacyJob
        {
            Id = Guid.NewGuid().ToString("N"),
            Kind = kind,
            CustomerId = customerId,
            RequestedBy = caller.UserId,
            RequestedAt = time.GetUtcNow(),
            DryRun = kind == PrivacyJobKind.Erasure && input.DryRun,
            Subject = pseudonyms.For(customerId, userId, address),
            Status = PrivacyJobStatus.Queued,
            Person = person,
        };
        await jobs.CreateAsync(job, ct);
        await audit.AppendAsync(new PrivacyAuditEntry(customerId, job.Id, Action(job, "requested"), caller.UserId, job.RequestedAt, job.Subject,
            new Dictionary<string, StoreCounts>()), ct);
        await queue.EnqueueAsync(job.Id, ct);
        return PrivacyJobView.From(job);
    }

    public static string Action(PrivacyJob job, string what) =>
        (job.Kind == PrivacyJobKind.Erasure ? "erasure" : "export") + (job.DryRun ? "-dry-run" : "") + "-" + what;
}
