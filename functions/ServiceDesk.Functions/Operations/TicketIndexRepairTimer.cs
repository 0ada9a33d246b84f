using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServiceDesk.Infrastructure.Tickets;

namespace ServiceDesk.Functions.Operations;

/// <summary>Every five minutes: rewrite list-index rows of tickets whose index write failed (repair markers); once a day also scan for races.</summary>
public sealed partial class TicketIndexRepairTimer(TicketIndexRepair repair, ILogger<TicketIndexRepairTimer> logger)
{
    [Function("TicketIndexRepair")]
    public async Task Run([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await repair.RunAsync(cancellationToken);
        LogResult(logger, result.Markers, result.Scanned, result.Repaired);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket index repair: {Markers} markers, scanned {Scanned}, repaired {Repaired}.")]
    private static partial void LogResult(ILogger logger, int markers, int scanned, int repaired);
}
