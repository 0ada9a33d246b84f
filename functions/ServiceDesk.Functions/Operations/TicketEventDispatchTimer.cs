using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServiceDesk.Infrastructure.Events;

namespace ServiceDesk.Functions.Operations;

/// <summary>Every ten seconds: deliver committed ticket events (the outbox) to their handlers.</summary>
public sealed partial class TicketEventDispatchTimer(TicketEventDispatcher dispatcher, ILogger<TicketEventDispatchTimer> logger)
{
    [Function("TicketEventDispatch")]
    public async Task Run([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await dispatcher.RunAsync(cancellationToken);
        if (result.Delivered + result.Failed > 0)
        {
            LogResult(logger, result.Tickets, result.Delivered, result.Failed);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ticket events: {Tickets} tickets visited, {Delivered} delivered, {Failed} failed.")]
    private static partial void LogResult(ILogger logger, int tickets, int delivered, int failed);
}
