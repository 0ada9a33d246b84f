using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.Privacy;

/// <summary>
/// <c>GET /api/privacy/exports/{id}/download?token=</c>: the zip, for whoever holds a valid link (the signed token is the
/// credential, like an approval link); a wrong, expired or foreign token is 404, as is an export not ready yet.
/// </summary>
public sealed class DownloadExport(IPrivacyJobStore jobs, IPersonalDataExporter exporter, ExportLinks links, TimeProvider time)
{
    public async Task<(Stream Content, string FileName)> OpenAsync(string id, string? token, CancellationToken ct)
    {
        if (id.Length > 64 || !links.IsValid(id, token, time.GetUtcNow()))
        {
            throw new NotFoundException("The link is not valid or has expired. Read the export again for a new link.");
        }
        var job = await jobs.FindAsync(id, ct);
        if (job is not { Kind: PrivacyJobKind.Export, Status: PrivacyJobStatus.Completed, ExportBlob: { } blob } ||
            await exporter.OpenAsync(blob, ct) is not { } content)
        {
            throw new NotFoundException($"Export '{id}' is not available.");
        }
        return (content, $"personal-data-{job.Subject}.zip");
    }
}
