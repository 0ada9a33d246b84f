using Azure.Storage.Queues;
using ServiceDesk.Application.Mail;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Mail;

/// <summary>
/// Runs the mail sender over the real <c>mail-outbox</c> queue the way the queue trigger does (receive, run, delete;
/// a throw makes the message visible again). The queue name is a constant shared by every app on the test Azurite,
/// so tests that use it are in one collection and never run at the same time.
/// </summary>
public static class MailQueueDrain
{
    public const string Collection = "mail-queue";

    public static QueueClient Queue(TestApp app) =>
        new(app.ConnectionString, MailQueue.Name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>Processes queue messages until <paramref name="until"/> holds or the timeout passes; returns the outcomes seen.</summary>
    public static Task<List<MailSender.Outcome>> RunAsync(TestApp app, Func<Task<bool>> until, TimeSpan timeout) =>
        RunAsync(app, _ => until(), timeout);

    /// <summary>As above, with a condition on the outcomes seen so far.</summary>
    public static async Task<List<MailSender.Outcome>> RunAsync(
        TestApp app, Func<IReadOnlyList<MailSender.Outcome>, Task<bool>> until, TimeSpan timeout)
    {
        var queue = Queue(app);
        await queue.CreateIfNotExistsAsync();
        var sender = app.Get<MailSender>();
        var outcomes = new List<MailSender.Outcome>();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && !await until(outcomes))
        {
            var batch = (await queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(30))).Value;
            if (batch.Length == 0)
            {
                await Task.Delay(200);
                continue;
            }
            foreach (var message in batch)
            {
                outcomes.Add(await sender.SendAsync(message.MessageText, CancellationToken.None));
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }
        return outcomes;
    }
}

[CollectionDefinition(MailQueueDrain.Collection, DisableParallelization = true)]
public sealed class MailQueueCollection;
