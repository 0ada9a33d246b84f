using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace ServiceDesk.IntegrationTests.Infrastructure;

/// <summary>Makes every storage request that touches the TicketIndex table fail while <see cref="Enabled"/> is set.</summary>
public sealed class FailingIndexPolicy : HttpPipelinePolicy
{
    public volatile bool Enabled;
    public int Failed;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        if (Enabled && await TouchesIndexAsync(message))
        {
            Interlocked.Increment(ref Failed);
            throw new RequestFailedException(503, "Injected failure of the TicketIndex table.");
        }
        await ProcessNextAsync(message, pipeline);
    }

    private static async Task<bool> TouchesIndexAsync(HttpMessage message)
    {
        if (message.Request.Uri.ToString().Contains("TicketIndex", StringComparison.Ordinal))
        {
            return true;
        }
        if (message.Request.Content is null)
        {
            return false;
        }
        using var buffer = new MemoryStream();
        await message.Request.Content.WriteToAsync(buffer, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()).Contains("TicketIndex", StringComparison.Ordinal);
    }
}
