using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ServiceDesk.LocalHost.Tests.SampleFunctions;

public sealed record SampleWorkItem(string Id, string Text);

/// <summary>Queue-triggered sample functions, used only by the end-to-end tests.</summary>
public sealed class SampleQueueFunctions(ILogger<SampleQueueFunctions> logger)
{
    public const string WorkQueue = "e2e-work";
    public const string FailingQueue = "e2e-fails";

    /// <summary>Attempts per message id of the always-failing function.</summary>
    public static readonly ConcurrentDictionary<string, int> FailedAttempts = new();

    [Function("SampleWorkItem")]
    public void Work([QueueTrigger(WorkQueue)] SampleWorkItem item, FunctionContext context)
    {
        logger.LogInformation("Work item {Id} received in {Function}", item.Id, context.FunctionDefinition.Name);
        SampleSignals.Set("queue:" + item.Id, item.Text);
    }

    [Function("SampleAlwaysFails")]
    public void AlwaysFails([QueueTrigger(FailingQueue)] string message, long dequeueCount)
    {
        FailedAttempts.AddOrUpdate(message, 1, (_, n) => n + 1);
        throw new InvalidOperationException($"Sample failure {dequeueCount} for '{message}'.");
    }
}
