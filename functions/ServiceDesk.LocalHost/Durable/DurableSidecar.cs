using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceDesk.LocalHost.Configuration;

namespace ServiceDesk.LocalHost.Durable;

/// <summary>
/// The Durable Task engine: the gRPC sidecar (<see cref="TaskHubGrpcServer"/>) on a loopback HTTP/2 port, backed by
/// <see cref="AzureStorageOrchestrationService"/> on the app's storage account (Azurite locally), so orchestration
/// state lives in the same tables, queues and blobs as in Azure and survives restarts. The Durable Task SDK worker
/// and client connect to it over gRPC (see <see cref="DurableEngine"/>).
/// </summary>
public sealed class DurableSidecar : IAsyncDisposable
{
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private readonly DrainingOrchestrationService _service;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeSpan _quietPeriod;

    private DurableSidecar(WebApplication app, DrainingOrchestrationService service, ILoggerFactory loggerFactory, ILogger logger, TimeSpan quietPeriod)
    {
        _app = app;
        _service = service;
        _loggerFactory = loggerFactory;
        _logger = logger;
        _quietPeriod = quietPeriod;
    }

    public static async Task<DurableSidecar> StartAsync(
        int port, string storageConnectionString, HostSettings settings, Action<ILoggingBuilder> configureLogging, CancellationToken cancellationToken)
    {
        // Owned by the sidecar: the engine logs until it has stopped, after the app's own logging is gone.
        var loggerFactory = LoggerFactory.Create(configureLogging);
        var logger = loggerFactory.CreateLogger<DurableSidecar>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            TaskHubName = settings.DurableHubName,
            PartitionCount = settings.DurablePartitionCount,
            MaxQueuePollingInterval = settings.DurableMaxQueuePollingInterval,
            ControlQueueVisibilityTimeout = settings.DurableControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = settings.DurableWorkItemQueueVisibilityTimeout,
            WorkerId = $"{Environment.MachineName}-localhost",
            LoggerFactory = loggerFactory,
        });
        try
        {
            await service.CreateIfNotExistsAsync().WaitAsync(cancellationToken);
        }
        catch
        {
            loggerFactory.Dispose();
            throw;
        }
        var created = clock.Elapsed;
        var (proxy, control) = DrainingOrchestrationService.Wrap(service, logger);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(proxy);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            loggerFactory.Dispose();
            throw;
        }

        var address = $"http://127.0.0.1:{port}";
        logger.LogInformation(
            "Durable engine for task hub '{TaskHub}' listening on {Address} after {Elapsed:0} ms (task hub storage checked in {Created:0} ms)",
            settings.DurableHubName, address, clock.Elapsed.TotalMilliseconds, created.TotalMilliseconds);
        // A drain waits this long without movement: more than the control-queue polling interval, so a result that
        // came back has been read and handed out as an orchestration episode.
        var quietPeriod = settings.DurableMaxQueuePollingInterval + TimeSpan.FromMilliseconds(500);
        return new DurableSidecar(app, control, loggerFactory, logger, quietPeriod);
    }

    /// <summary>
    /// First half of a graceful stop, while the worker still runs: no new activities are handed out, the work items
    /// the worker holds come back (the gRPC server keeps serving, so the worker can complete them) and the
    /// orchestrations take their results in; then nothing more is handed out and the service stops, releasing the
    /// partition leases. A work item not back within <paramref name="timeout"/> is left to its queue's visibility
    /// timeout, as after a crash.
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        if (!_service.HasStarted)
        {
            return; // no worker ever connected: nothing was handed out, nothing holds a lease
        }
        _service.BeginDrain();
        var quiet = await _service.WaitForQuietAsync(_quietPeriod, timeout);
        _service.Close();
        if (!quiet)
        {
            _logger.LogWarning(
                "{Count} Durable work item(s) still out with the worker after {Timeout:0} s; they run again after their queue visibility timeout.",
                _service.HandedOut, timeout.TotalSeconds);
        }
        await StopServiceAsync(forced: !quiet);
    }

    /// <summary>Second half, after the worker has stopped: the gRPC server stops (and the service, if it still runs).</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        if (_service.HasStarted && !await _service.WaitForStopAsync(StopTimeout))
        {
            // The sidecar still waits for a work item the worker took with it: stop the service without it.
            _logger.LogWarning("The Durable engine had not stopped after {Timeout:0} s; stopping it without waiting for its work items.", StopTimeout.TotalSeconds);
            await StopServiceAsync(forced: true);
        }
        await _app.DisposeAsync();
        _loggerFactory.Dispose();
    }

    private Task StopServiceAsync(bool forced) =>
        _service.StopNowAsync(forced).WaitAsync(StopTimeout).ContinueWith(_ => { }, TaskScheduler.Default);
}
