using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Privacy;

namespace ServiceDesk.Functions.Privacy;

/// <summary>
/// Runs one privacy job (the message is its id). A failure throws, so the host redelivers the message and the job
/// resumes at the step it had reached; after the host's attempts it lands in <c>privacy-jobs-poison</c>.
/// </summary>
public sealed partial class PrivacyJobFunction(PrivacyJobRunner runner, ILogger<PrivacyJobFunction> logger)
{
    [Function("PrivacyJob")]
    public async Task Run([QueueTrigger(PrivacyQueue.Name)] string jobId, CancellationToken cancellationToken)
    {
        var job = await runner.RunAsync(jobId.Trim(), cancellationToken);
        if (job is null)
        {
            LogUnknown(logger, jobId.Length > 64 ? jobId[..64] : jobId);
            return;
        }
        LogDone(logger, job.Id, job.Kind.ToString(), job.Status.ToString(), job.Step);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Privacy job {JobId} not found; message dropped.")]
    private static partial void LogUnknown(ILogger logger, string jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Privacy job {JobId} ({Kind}): {Status} after step {Step}.")]
    private static partial void LogDone(ILogger logger, string jobId, string kind, string status, int step);
}
