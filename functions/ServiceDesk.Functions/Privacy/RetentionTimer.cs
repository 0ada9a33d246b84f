using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Privacy;

namespace ServiceDesk.Functions.Privacy;

/// <summary>Daily: applies the retention periods to what the expiry index says is due (see Application/Privacy/README.md, "Retention").</summary>
public sealed partial class RetentionTimer(RetentionJob job, ILogger<RetentionTimer> logger)
{
    /// <summary>NCRONTAB with seconds: 02:00 UTC every day.</summary>
    public const string Schedule = "0 0 2 * * *";

    [Function("Retention")]
    public async Task Run([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await job.RunAsync(cancellationToken);
        LogResult(logger, result.Due, result.TicketsPseudonymised, result.MailTickets, result.BlobsDeleted, result.Stale, result.Postponed);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention: {Due} due rows, {Tickets} tickets pseudonymised, mail of {MailTickets} tickets ({Blobs} blobs) deleted, {Stale} stale rows, {Postponed} postponed.")]
    private static partial void LogResult(ILogger logger, int due, int tickets, int mailTickets, int blobs, int stale, int postponed);
}
