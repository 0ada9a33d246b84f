using Microsoft.Extensions.Configuration;

namespace ServiceDesk.LocalHost.Configuration;

/// <summary>
/// The host.json settings the local host honours. As in the real host, app settings named
/// <c>AzureFunctionsJobHost__path__to__setting</c> override host.json values.
/// </summary>
public sealed record HostSettings
{
    public string RoutePrefix { get; init; } = "api";
    public int QueueMaxDequeueCount { get; init; } = 5;
    public int QueueBatchSize { get; init; } = 16;
    public TimeSpan QueueVisibilityTimeout { get; init; } = TimeSpan.Zero;
    /// <summary>The real host's default is 1 minute; locally 2 s keeps feedback fast unless host.json sets it.</summary>
    public TimeSpan QueueMaxPollingInterval { get; init; } = TimeSpan.FromSeconds(2);
    public string DurableHubName { get; init; } = "TestHubName";
    public int DurablePartitionCount { get; init; } = 4;
    /// <summary>The real default is 30 s; locally 1 s so an event raised after idle is picked up promptly.</summary>
    public TimeSpan DurableMaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>As in the real host (5 min): how long a control-queue message read by a worker that died stays invisible.</summary>
    public TimeSpan DurableControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>As in the real host (5 min): the same for activity (work-item) messages.</summary>
    public TimeSpan DurableWorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public static HostSettings Load(string? hostJsonPath, IConfiguration appSettings)
    {
        var builder = new ConfigurationBuilder();
        if (hostJsonPath is not null && File.Exists(hostJsonPath))
        {
            builder.AddJsonFile(hostJsonPath, optional: false, reloadOnChange: false);
        }
        var overrides = appSettings.GetSection("AzureFunctionsJobHost").AsEnumerable(makePathsRelative: true)
            .Where(kv => kv.Value is not null);
        builder.AddInMemoryCollection(overrides);
        var host = builder.Build();

        var defaults = new HostSettings();
        return new HostSettings
        {
            RoutePrefix = host["extensions:http:routePrefix"]?.Trim('/') ?? defaults.RoutePrefix,
            QueueMaxDequeueCount = host.GetValue("extensions:queues:maxDequeueCount", defaults.QueueMaxDequeueCount),
            QueueBatchSize = Math.Clamp(host.GetValue("extensions:queues:batchSize", defaults.QueueBatchSize), 1, 32),
            QueueVisibilityTimeout = host.GetValue("extensions:queues:visibilityTimeout", defaults.QueueVisibilityTimeout),
            QueueMaxPollingInterval = host.GetValue("extensions:queues:maxPollingInterval", defaults.QueueMaxPollingInterval),
            DurableHubName = host["extensions:durableTask:hubName"] ?? defaults.DurableHubName,
            DurablePartitionCount = host.GetValue("extensions:durableTask:storageProvider:partitionCount", defaults.DurablePartitionCount),
            DurableMaxQueuePollingInterval = host.GetValue(
                "extensions:durableTask:storageProvider:maxQueuePollingInterval", defaults.DurableMaxQueuePollingInterval),
            DurableControlQueueVisibilityTimeout = host.GetValue(
                "extensions:durableTask:storageProvider:controlQueueVisibilityTimeout", defaults.DurableControlQueueVisibilityTimeout),
            DurableWorkItemQueueVisibilityTimeout = host.GetValue(
                "extensions:durableTask:storageProvider:workItemQueueVisibilityTimeout", defaults.DurableWorkItemQueueVisibilityTimeout),
        };
    }
}
