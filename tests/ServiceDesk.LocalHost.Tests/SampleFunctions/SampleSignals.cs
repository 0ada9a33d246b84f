using System.Collections.Concurrent;

namespace ServiceDesk.LocalHost.Tests.SampleFunctions;

/// <summary>Lets the sample functions tell the tests what they received; tests await a key with a timeout.</summary>
public static class SampleSignals
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<string>> Signals = new();

    public static void Set(string key, string value) => Get(key).TrySetResult(value);

    public static async Task<string> WaitAsync(string key, TimeSpan timeout)
    {
        try
        {
            return await Get(key).Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"No signal '{key}' within {timeout.TotalSeconds:0} s.");
        }
    }

    private static TaskCompletionSource<string> Get(string key) =>
        Signals.GetOrAdd(key, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
