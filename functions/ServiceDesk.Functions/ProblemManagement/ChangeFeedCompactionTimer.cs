using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServiceDesk.Infrastructure.Problems;

namespace ServiceDesk.Functions.ProblemManagement;

/// <summary>Daily at 03:20 UTC: compacts the ticket change feed behind the statistics watermark to one row per ticket.</summary>
public sealed partial class ChangeFeedCompactionTimer(ChangeFeedCompaction compaction, ILogger<ChangeFeedCompactionTimer> logger)
{
    [Function("ChangeFeedCompaction")]
    public async Task Run([TimerTrigger("0 20 3 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await compaction.RunAsync(cancellationToken);
        LogResult(logger, result.Customers, result.Scanned, result.Deleted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Change feed compaction: {Customers} customers, {Scanned} old rows scanned, {Deleted} deleted.")]
    private static partial void LogResult(ILogger logger, int customers, int scanned, int deleted);
}
