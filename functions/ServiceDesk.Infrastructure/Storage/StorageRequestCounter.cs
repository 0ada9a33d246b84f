using Azure.Core;
using Azure.Core.Pipeline;

namespace ServiceDesk.Infrastructure.Storage;

/// <summary>Counts HTTP requests sent to storage (each retry counts): the benchmark reports requests per ticket.</summary>
public sealed class StorageRequestCounter : HttpPipelineSynchronousPolicy
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _count);
}
