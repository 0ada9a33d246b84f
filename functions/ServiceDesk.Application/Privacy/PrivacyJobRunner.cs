namespace ServiceDesk.Application.Privacy;

/// <summary>
/// Runs a queued privacy job step by step, saving the next step after each one, so a host that dies mid-job resumes
/// where it stopped when the queue redelivers the message; a completed job is not run again. The identifiers of the
/// person are cleared from the job when it completes; the audit records the counts under the pseudonym.
/// </summary>
public sealed class PrivacyJobRunner(IPrivacyJobStore jobs, IPersonalDataEraser eraser, IPrivacyAudit audit, TimeProvider time, IPersonalDataExporter? exporter = null)
{
    /// <summary>The host's attempts per queue message (host.json <c>maxDequeueCount</c>): after the last one the job is failed.</summary>
    public const int MaxAttempts = 5;

    /// <summary>Returns the job as it ended, or null when there is no such job.</summary>
    public async Task<PrivacyJob?> RunAsync(string jobId, CancellationToken ct)
    {
        var job = await jobs.FindAsync(jobId, ct);
        if (job is null || job.Status is PrivacyJobStatus.Completed || job.Person is null)
        {
            return job;
        }
        job = job with { Status = PrivacyJobStatus.Running, Attempts = job.Attempts + 1, Error = null };
        await jobs.SaveAsync(job, ct);
        try
        {
            return await RunStepsAsync(job, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The job stays where its last saved step left it; the queue redelivers it. Only the exception type is kept:
            // a message could quote stored data.
            var latest = await jobs.FindAsync(jobId, CancellationToken.None) ?? job;
            await jobs.SaveAsync(latest with { Status = latest.Attempts >= MaxAttempts ? PrivacyJobStatus.Failed : PrivacyJobStatus.Running, Error = e.GetType().Name }, CancellationToken.None);
            throw;
        }
    }

    private async Task<PrivacyJob> RunStepsAsync(PrivacyJob job, CancellationToken ct)
    {
        if (!job.Resolved)
        {
            // Before any write: once rows are pseudonymised the names could no longer be found.
            job = job with { Person = await eraser.ResolveAsync(job.Person!, ct), Resolved = true };
            await jobs.SaveAsync(job, ct);
        }
        if (job.Kind == PrivacyJobKind.Export)
        {
            var (blob, exported) = await (exporter ?? throw new InvalidOperationException("No exporter registered.")).ExportAsync(job, job.Person!, ct);
            job = job with { ExportBlob = blob, Counts = exported, Step = 1 };
            await jobs.SaveAsync(job, ct);
        }
        for (var step = job.Step; job.Kind == PrivacyJobKind.Erasure && step < eraser.Steps.Count; step++)
        {
            var counts = await eraser.RunStepAsync(step, job.Person!, job.Subject, job.DryRun, ct);
            var all = new Dictionary<string, StoreCounts>(job.Counts) { [eraser.Steps[step]] = Add(job.Counts.GetValueOrDefault(eraser.Steps[step]), counts) };
            job = job with { Step = step + 1, Counts = all };
            await jobs.SaveAsync(job, ct);
        }
        // Saved before the audit line, so a job that dies between the two appends the same line (same key) when it is rerun.
        var completedAt = job.CompletedAt ?? time.GetUtcNow();
        if (job.CompletedAt is null)
        {
            job = job with { CompletedAt = completedAt };
            await jobs.SaveAsync(job, ct);
        }
        await audit.AppendAsync(new PrivacyAuditEntry(job.CustomerId, job.Id, PrivacyRequests.Action(job, "completed"), job.RequestedBy, completedAt,
            job.Subject, job.Counts.Where(c => c.Value != Zero).ToDictionary()), ct);
        job = job with { Status = PrivacyJobStatus.Completed, Person = null, CompletedAt = completedAt, Error = null };
        await jobs.SaveAsync(job, ct);
        return job;
    }

    private static readonly StoreCounts Zero = new(0, 0, 0);

    /// <summary>A resumed step adds to what its interrupted run had counted.</summary>
    private static StoreCounts Add(StoreCounts? before, StoreCounts now) =>
        before is null ? now : new(before.Matched + now.Matched, before.Changed + now.Changed, before.Deleted + now.Deleted);
}
