using Azure.Storage.Queues;
using ServiceDesk.Application.Privacy;

namespace ServiceDesk.Infrastructure.Privacy;

/// <summary>Storage queue <c>privacy-jobs</c>: one message per job, holding only the job id.</summary>
public sealed class QueuePrivacyJobQueue(QueueServiceClient queues) : IPrivacyJobQueue
{
    private Task? _created;

    public async Task EnqueueAsync(string jobId, CancellationToken ct)
    {
        var queue = queues.GetQueueClient(PrivacyQueue.Name);
        var created = _created;
        if (created is null || created.IsFaulted || created.IsCanceled)
        {
            created = _created = queue.CreateIfNotExistsAsync(cancellationToken: ct);
        }
        await created;
        await queue.SendMessageAsync(jobId, ct);
    }
}
