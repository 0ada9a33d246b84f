using System.Text.Json;
using Azure.Storage.Queues;
using ServiceDesk.Application.MajorIncidents;

namespace ServiceDesk.Infrastructure.MajorIncidents;

/// <summary>The broadcast queue (<see cref="MajorIncidentQueue.Name"/>): one JSON message per update to broadcast.</summary>
public sealed class QueueMajorIncidentBroadcastQueue(QueueServiceClient queues) : IMajorIncidentBroadcastQueue
{
    private Task? _created;

    public async Task EnqueueAsync(BroadcastRequest request, CancellationToken ct)
    {
        var queue = queues.GetQueueClient(MajorIncidentQueue.Name);
        var created = _created;
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            created = _created = queue.CreateIfNotExistsAsync(cancellationToken: ct);
        }
        await created;
        await queue.SendMessageAsync(JsonSerializer.Serialize(request, JsonSerializerOptions.Web), ct);
    }
}
