using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.ServiceLevels;

namespace ServiceDesk.Functions.Tickets;

/// <summary>Every fifteen seconds: take the escalation steps that are due (read from the due index, not from the open tickets).</summary>
public sealed partial class SlaEscalationTimer(SlaEscalations escalations, ILogger<SlaEscalationTimer> logger)
{
    [Function("SlaEscalation")]
    public async Task Run([TimerTrigger("*/15 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var result = await escalations.RunAsync(cancellationToken);
        if (result.Due > 0)
        {
            LogResult(logger, result.Due, result.Escalated, result.Steps, result.Rescheduled);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA escalation: {Due} due, {Escalated} tickets escalated ({Steps} steps), {Rescheduled} rescheduled.")]
    private static partial void LogResult(ILogger logger, int due, int escalated, int steps, int rescheduled);
}
