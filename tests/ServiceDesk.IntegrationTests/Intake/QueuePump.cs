using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace ServiceDesk.IntegrationTests.Intake;

/// <summary>
/// Drains a real Azurite queue the way the Functions host's queue trigger does: base64 bodies, messages fetched in
/// batches and run in parallel, deleted on success, made visible again on failure, moved to <c>{queue}-poison</c>
/// after <paramref name="maxDequeueCount"/> attempts.
/// </summary>
public sealed class QueuePump(QueueClient queue, QueueClient poison, int maxDequeueCount = 5)
{
    public int Succeeded;
    public int Poisoned;
    public int Failures;

    public static QueueClient Client(string connectionString, string name) =>
        new(connectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>Runs until <paramref name="expected"/> messages have ended (succeeded or poisoned) or the timeout passes.</summary>
    public async Task DrainAsync(Func<string, string, long, Task> function, int expected, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (Succeeded + Poisoned < expected)
        {
            cts.Token.ThrowIfCancellationRequested();
            QueueMessage[] batch = await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(60), cts.Token);
            if (batch.Length == 0)
            {
                await Task.Delay(50, cts.Token);
                continue;
            }
            await Task.WhenAll(batch.Select(async m =>
            {
                try
                {
                    await function(m.MessageText, m.MessageId, m.DequeueCount);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref Failures);
                    if (m.DequeueCount >= maxDequeueCount)
                    {
                        await poison.SendMessageAsync(m.MessageText);
                        await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                        Interlocked.Increment(ref Poisoned);
                    }
                    else
                    {
                        await queue.UpdateMessageAsync(m.MessageId, m.PopReceipt, visibilityTimeout: TimeSpan.Zero);
                    }
                    return;
                }
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                Interlocked.Increment(ref Succeeded);
            }));
        }
    }
}
