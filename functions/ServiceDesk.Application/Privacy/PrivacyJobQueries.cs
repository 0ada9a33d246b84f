using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;

namespace ServiceDesk.Application.Privacy;

/// <summary><c>GET /api/privacy/erasures/{id}</c>, <c>GET /api/privacy/exports/{id}</c> (with a fresh download link) and the audit listing.</summary>
public sealed class PrivacyJobQueries(IPrivacyJobStore jobs, IPrivacyAudit audit, ExportLinks links, TimeProvider time)
{
    public const int MaxPageSize = 200;

    public async Task<PrivacyJobView> GetAsync(Caller caller, PrivacyJobKind kind, string id, CancellationToken ct)
    {
        var job = id.Length <= 64 ? await jobs.FindAsync(id, ct) : null;
        if (job is null || job.Kind != kind)
        {
            throw new NotFoundException($"No {kind.ToString().ToLowerInvariant()} job '{id}'.");
        }
        PrivacyAccess.Require(caller, job.CustomerId);
        var view = PrivacyJobView.From(job);
        if (job is { Kind: PrivacyJobKind.Export, Status: PrivacyJobStatus.Completed, ExportBlob: not null })
        {
            var (url, expiresAt) = links.Create(job.Id, time.GetUtcNow());
            view = view with { Download = url, DownloadExpiresAt = expiresAt };
        }
        return view;
    }

    public async Task<Page<PrivacyAuditEntry>> AuditAsync(Caller caller, string? customerId, string? pageSize, string? continuationToken, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(customerId))
        {
            throw ValidationException.For("customerId", FieldRule.Required, "Required.");
        }
        var size = 50;
        if (pageSize is not null && (!int.TryParse(pageSize, out size) || size is < 1 or > MaxPageSize))
        {
            throw ValidationException.For("pageSize", FieldRule.Range, $"A number from 1 to {MaxPageSize}.",
                new Dictionary<string, object> { ["min"] = 1, ["max"] = MaxPageSize });
        }
        PrivacyAccess.Require(caller, customerId);
        return await audit.ListAsync(customerId, size, continuationToken, ct);
    }
}
