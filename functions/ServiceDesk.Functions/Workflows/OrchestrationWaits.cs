using Microsoft.DurableTask;

namespace ServiceDesk.Functions.Workflows;

/// <summary>The "event or deadline" wait both workflow orchestrations are built around.</summary>
internal static class OrchestrationWaits
{
    /// <summary>
    /// Waits until <paramref name="pending"/> (an external-event task the caller keeps across rounds, so an event that
    /// arrives between rounds is not lost) completes or <paramref name="dueAt"/> passes. True when the event came
    /// first: the durable timer is then cancelled, synchronously, because CancelAsync would resume the orchestrator
    /// off its own scheduler. False when the deadline came first; <paramref name="pending"/> stays pending.
    /// </summary>
    public static async Task<bool> EventBeforeDeadlineAsync<T>(this TaskOrchestrationContext context, Task<T> pending, DateTime dueAt)
    {
        using var timerCancellation = new CancellationTokenSource();
        var timer = context.CreateTimer(dueAt, timerCancellation.Token);
        if (await Task.WhenAny(pending, timer) == timer)
        {
            return false;
        }
        timerCancellation.Cancel();
        return true;
    }
}
