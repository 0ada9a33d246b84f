using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServiceDesk.Benchmarks.Intake;

/// <summary>
/// Drains a real Azurite queue the way the Functions host's queue trigger does (a copy of the integration tests'
/// pump): base64 bodies, batches of 32 run in parallel, deleted on success, visible again on failure, moved to
/// <c>{queue}-poison</c> after 5 attempts.
/// </summary>
public sealed class QueuePump(QueueClient queue, QueueClient poison)
{
    private const int MaxDequeueCount = 5;
    private int _ended;

    public static QueueClient Client(string connectionString, string name) =>
        new(connectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>Runs until <paramref name="expected"/> messages have ended (succeeded or poisoned) or the timeout passes.</summary>
    public async Task DrainAsync(Func<string, string, long, Task> function, int expected, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (Volatile.Read(ref _ended) < expected)
        {
            QueueMessage[] batch = await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60), cts.Token);
            if (batch.Length == 0)
            {
                await Task.Delay(50, cts.Token);
                continue;
            }
            await Task.WhenAll(batch.Select(m => HandleAsync(m, function)));
        }
    }

    private async Task HandleAsync(QueueMessage message, Func<string, string, long, Task> function)
    {
        try
        {
            await function(message.MessageText, message.MessageId, message.DequeueCount);
        }
        catch (Exception) when (message.DequeueCount < MaxDequeueCount)
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero);
            return;
        }
        catch (Exception)
        {
            await poison.SendMessageAsync(message.MessageText);
        }
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        Interlocked.Increment(ref _ended);
    }
}
