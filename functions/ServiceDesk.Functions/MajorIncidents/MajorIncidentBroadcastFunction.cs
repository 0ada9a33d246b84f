using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.MajorIncidents;

namespace ServiceDesk.Functions.MajorIncidents;

/// <summary>
/// Broadcasts one major-incident update (queued by the use cases). A failure throws, so the host retries the message
/// (then its poison queue); a retry writes no mail twice (the outbox is keyed by update and recipient).
/// </summary>
public sealed partial class MajorIncidentBroadcastFunction(MajorIncidentBroadcasts broadcasts, ILogger<MajorIncidentBroadcastFunction> logger)
{
    [Function("MajorIncidentBroadcast")]
    public async Task Run([QueueTrigger(MajorIncidentQueue.Name)] string message, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<BroadcastRequest>(message, JsonSerializerOptions.Web);
        if (request is null || string.IsNullOrEmpty(request.Id))
        {
            // Only this app writes the queue; a message it cannot read goes to the poison queue (listed by operators).
            throw new InvalidDataException("Broadcast message not understood: " + (message.Length > 200 ? message[..200] : message));
        }
        var result = await broadcasts.RunAsync(request, cancellationToken);
        LogResult(logger, request.Id, request.Sequence, result.Recipients, result.Mailed, result.Children);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Major incident {Id} update {Sequence}: {Recipients} recipients, {Mailed} mails written, {Children} child tickets.")]
    private static partial void LogResult(ILogger logger, string id, int sequence, int recipients, int mailed, int children);
}
