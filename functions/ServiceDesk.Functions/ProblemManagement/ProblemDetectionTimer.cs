using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServiceDesk.Infrastructure.Problems;

namespace ServiceDesk.Functions.ProblemManagement;

/// <summary>Hourly: update statistics, detect recurring problems, store and announce candidates.</summary>
public sealed partial class ProblemDetectionTimer(ProblemDetectionJob job, ILogger<ProblemDetectionTimer> logger)
{
    /// <summary>NCRONTAB with seconds: minute 7 of every hour (matches <see cref="ProblemDetectionJob.Interval"/>).</summary>
    public const string Schedule = "0 7 * * * *";

    [Function("ProblemDetection")]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await job.RunAsync(cancellationToken);
        LogResult(logger, result.Customers, result.Findings, result.Created, result.Updated);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Problem detection: {Customers} customers, {Findings} findings, {Created} candidates created, {Updated} updated.")]
    private static partial void LogResult(ILogger logger, int customers, int findings, int created, int updated);
}
