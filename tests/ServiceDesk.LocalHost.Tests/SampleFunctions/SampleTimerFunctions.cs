using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;

namespace ServiceDesk.LocalHost.Tests.SampleFunctions;

/// <summary>A timer whose runs last longer than its period, to show runs of one timer never overlap.</summary>
public sealed class SampleTimerFunctions
{
    public static readonly ConcurrentQueue<DateTimeOffset> Starts = new();
    private static int _running;
    public static int MaxConcurrentRuns;

    [Function("SampleTimer")]
    public async Task Tick([TimerTrigger("%SampleTimerSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref MaxConcurrentRuns, running);
        Starts.Enqueue(DateTimeOffset.UtcNow);
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(1300), cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
