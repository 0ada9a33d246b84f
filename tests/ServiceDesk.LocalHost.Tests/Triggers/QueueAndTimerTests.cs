using System.Text.Json;
using Azure.Storage.Queues;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Tests.SampleFunctions;

namespace ServiceDesk.LocalHost.Tests.Triggers;

[Collection(LocalHostCollection.Name)]
public sealed class QueueAndTimerTests(LocalHostFixture fixture)
{
    private QueueClient Queue(string name) =>
        new(fixture.Azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    [Fact]
    public async Task A_base64_queue_message_reaches_its_function_as_a_POCO_and_is_deleted()
    {
        var queue = Queue(SampleQueueFunctions.WorkQueue);
        await queue.CreateIfNotExistsAsync();
        var id = Guid.NewGuid().ToString("N");

        await queue.SendMessageAsync(JsonSerializer.Serialize(new { id, text = "printer on fire" }));

        // Generous bound: the poll is 0.5 s, but on a 2-core CI machine the other suites' hosts and emulators start at the
        // same moment (one fresh-clone run missed 20 s).
        Assert.Equal("printer on fire", await SampleSignals.WaitAsync("queue:" + id, TimeSpan.FromSeconds(60)));
        await Eventually.ReturnsAsync(
            async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount,
            count => count == 0, TimeSpan.FromSeconds(30), "deleting the processed message");
    }

    [Fact]
    public async Task A_message_that_keeps_failing_moves_to_the_poison_queue_after_maxDequeueCount_attempts()
    {
        var queue = Queue(SampleQueueFunctions.FailingQueue);
        var poison = Queue(SampleQueueFunctions.FailingQueue + "-poison");
        await queue.CreateIfNotExistsAsync();
        var body = "fail-" + Guid.NewGuid().ToString("N");

        await queue.SendMessageAsync(body);

        var poisoned = await Eventually.ReturnsAsync(
            async () =>
            {
                if (!await poison.ExistsAsync()) return null;
                var peeked = await poison.PeekMessagesAsync(32);
                return peeked.Value.FirstOrDefault(m => m.Body.ToString() == body);
            },
            message => message is not null, TimeSpan.FromSeconds(30), "moving the message to the poison queue");
        Assert.NotNull(poisoned);
        Assert.Equal(TestHosts.MaxDequeueCount, SampleQueueFunctions.FailedAttempts[body]);
        var remaining = await queue.PeekMessagesAsync(32);
        Assert.DoesNotContain(remaining.Value, m => m.Body.ToString() == body);
    }

    [Fact]
    public async Task A_six_field_timer_fires_every_second_without_overlapping_runs()
    {
        // The sample timer's schedule is "*/1 * * * * *" (from the %SampleTimerSchedule% setting) and each run
        // takes 1.3 s, so consecutive occurrences would overlap if runs were not serialised.
        var before = SampleTimerFunctions.Starts.Count;
        await Eventually.ReturnsAsync(
            () => Task.FromResult(SampleTimerFunctions.Starts.Count),
            count => count >= before + 3, TimeSpan.FromSeconds(15), "three timer runs");

        Assert.Equal(1, SampleTimerFunctions.MaxConcurrentRuns);
        var starts = SampleTimerFunctions.Starts.ToArray();
        var gaps = starts.Zip(starts.Skip(1), (a, b) => b - a).ToList();
        // Each run lasts 1.3 s (Task.Delay, monotonic clock) while starts are wall-clock stamps, which can come out a few
        // ms short; overlapping runs would start about 1,000 ms apart (and MaxConcurrentRuns above would be 2).
        Assert.All(gaps, gap => Assert.True(gap >= TimeSpan.FromMilliseconds(1200), $"runs started {gap.TotalMilliseconds:0} ms apart"));
    }
}
