using System.Text;
using Azure;
using Azure.Storage.Queues;
using ServiceDesk.Application.Operations;

namespace ServiceDesk.Infrastructure.Operations;

/// <summary>
/// Poison queues through a client that neither encodes nor decodes (<see cref="QueueMessageEncoding.None"/>): peeking
/// shows every message, even one some producer did not base64-encode (a decoding client would skip it silently), and
/// a move copies the stored text unchanged. A move sends the copy before deleting the original, so a failure between
/// the two leaves the message in both queues (at least once; the consumers deduplicate), never in neither.
/// </summary>
public sealed class StoragePoisonQueueStore(QueueServiceClient rawQueues) : IPoisonQueueStore
{
    private static readonly TimeSpan MoveLock = TimeSpan.FromSeconds(60);

    public async Task<int> ApproximateCountAsync(string queue, CancellationToken ct)
    {
        try
        {
            return (await rawQueues.GetQueueClient(queue).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return 0; // the host creates a poison queue with its first message
        }
    }

    public async Task<IReadOnlyList<PoisonMessage>> PeekAsync(string queue, int max, CancellationToken ct)
    {
        try
        {
            var peeked = await rawQueues.GetQueueClient(queue).PeekMessagesAsync(max, ct);
            return peeked.Value.Select(m => new PoisonMessage(m.MessageId, m.InsertedOn, m.DequeueCount, m.Body.ToString(), Decode(m.Body.ToString()))).ToList();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return [];
        }
    }

    public async Task<int> MoveAsync(string from, string to, int max, CancellationToken ct)
    {
        var source = rawQueues.GetQueueClient(from);
        var target = rawQueues.GetQueueClient(to);
        await target.CreateIfNotExistsAsync(cancellationToken: ct);
        var moved = 0;
        while (moved < max)
        {
            Azure.Storage.Queues.Models.QueueMessage[] batch;
            try
            {
                batch = (await source.ReceiveMessagesAsync(Math.Min(32, max - moved), MoveLock, ct)).Value;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                break;
            }
            if (batch.Length == 0)
            {
                break;
            }
            foreach (var message in batch)
            {
                await target.SendMessageAsync(message.Body, cancellationToken: ct);
                await source.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct);
                moved++;
            }
        }
        return moved;
    }

    private static string Decode(string text)
    {
        var buffer = new byte[text.Length];
        if (text.Length > 0 && Convert.TryFromBase64String(text, buffer, out var length))
        {
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length);
            }
            catch (DecoderFallbackException)
            {
                // Base64 of something that is not text: show it as stored.
            }
        }
        return text;
    }
}
