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
    private readonly WebApplication _app;
    private readonly StopObservingOrchestrationService _observer;
    private readonly ILoggerFactory _loggerFactory;

    private DurableSidecar(WebApplication app, StopObservingOrchestrationService observer, ILoggerFactory loggerFactory)
    {
        _app = app;
        _loggerFactory = loggerFactory;
        _observer = observer;
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
        var (proxy, observer) = StopObservingOrchestrationService.Wrap(service, logger);

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
        return new DurableSidecar(app, observer, loggerFactory);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        if (_observer.HasStarted)
        {
            // Let the sidecar finish stopping the service so the partition leases are released.
            await _observer.WaitForStopAsync(TimeSpan.FromSeconds(30));
        }
        await _app.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
