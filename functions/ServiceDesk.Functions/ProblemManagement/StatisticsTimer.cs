using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServiceDesk.Infrastructure.Problems;

namespace ServiceDesk.Functions.ProblemManagement;

/// <summary>Every five minutes: fold the tickets changed since the last run into the statistics.</summary>
public sealed partial class StatisticsTimer(StatisticsUpdater updater, ILogger<StatisticsTimer> logger)
{
    /// <summary>NCRONTAB with seconds: at second 30 of every fifth minute (off the index repair's minute boundary).</summary>
    public const string Schedule = "30 */5 * * * *";

    [Function("StatisticsUpdate")]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await updater.RunAsync(cancellationToken);
        LogResult(logger, result.Customers, result.Changes, result.Applied);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Statistics: {Customers} customers, {Changes} change rows, {Applied} tickets applied.")]
    private static partial void LogResult(ILogger logger, int customers, int changes, int applied);
}
