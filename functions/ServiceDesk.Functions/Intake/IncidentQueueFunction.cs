using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Intake;

namespace ServiceDesk.Functions.Intake;

/// <summary>
/// Incidents raised by other services through the storage queue <c>incidents-inbound</c>. The trigger only adapts
/// the transport: rejections are recorded by the use case and return normally; transient failures throw, so the
/// host retries the message and after <c>maxDequeueCount</c> attempts moves it to <c>incidents-inbound-poison</c>.
/// A Service Bus trigger would be the same three lines.
/// </summary>
public sealed class IncidentQueueFunction(IncidentIntake intake)
{
    public const string Transport = "storage-queue";

    [Function("IncidentIntake")]
    public Task Run([QueueTrigger(IntakeQueue.Name)] string message, string id, long dequeueCount, CancellationToken cancellationToken) =>
        intake.HandleAsync(message, new IntakeDelivery(Transport, id, dequeueCount), cancellationToken);
}
