using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceDesk.LocalHost.Configuration;
using ServiceDesk.LocalHost.Discovery;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.LocalHost.Durable;

/// <summary>
/// The Durable pieces of the local host: the gRPC sidecar over Azure Storage, and a Durable Task SDK worker
/// running the app's orchestrator and activity methods. Both start in the background so HTTP is served at once
/// (creating the task hub's queues, tables and leases takes seconds on Azurite); <see cref="Ready"/> completes when
/// orchestrations can run, and <c>[DurableClient]</c> parameters wait for it.
/// </summary>
public sealed class DurableEngine : IAsyncDisposable
{
    private readonly Task<(DurableSidecar Sidecar, IHost Worker)> _starting;
    private readonly CancellationTokenSource _stopping = new();

    private readonly ILoggerFactory _loggerFactory;

    /// <summary>How long a stop waits for the work items out with the worker (activities here take milliseconds).</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(10);

    private DurableEngine(GrpcChannel channel, ILoggerFactory loggerFactory, Func<CancellationToken, Task<(DurableSidecar, IHost)>> start)
    {
        Channel = channel;
        _loggerFactory = loggerFactory;
        _starting = start(_stopping.Token);
        Ready = _starting;
        var logger = loggerFactory.CreateLogger<DurableEngine>();
        _starting.ContinueWith(
            failed =>
            {
                if (_stopping.IsCancellationRequested) return; // stopped while starting: not a failure
                logger.LogError("The Durable engine could not start; orchestrations and [DurableClient] functions will fail: {Message}",
                    failed.Exception?.GetBaseException().Message);
            },
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    /// <summary>The channel the client (and the worker) use to reach the sidecar.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>Completes when the sidecar listens and the worker runs; faults when the engine could not start.</summary>
    public Task Ready { get; }

    public static DurableEngine Start(
        string storageConnectionString,
        HostSettings settings,
        IReadOnlyList<FunctionDescriptor> functions,
        Func<IServiceProvider> appServices,
        Action<ILoggingBuilder> configureLogging)
    {
        var port = FreePorts.Next();
        var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        return new DurableEngine(channel, LoggerFactory.Create(configureLogging), async cancellationToken =>
        {
            await Task.Yield();
            var sidecar = await DurableSidecar.StartAsync(port, storageConnectionString, settings, configureLogging, cancellationToken);
            try
            {
                var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
                configureLogging(builder.Logging);
                builder.Services.AddDurableTaskWorker(worker =>
                {
                    worker.UseGrpc(channel);
                    worker.AddTasks(registry => Register(registry, functions, appServices));
                });
                var worker = builder.Build();
                await worker.StartAsync(cancellationToken);
                return (sidecar, worker);
            }
            catch
            {
                await sidecar.DisposeAsync();
                throw;
            }
        });
    }

    /// <summary>Registers the durable client in the app's services; it talks to the sidecar over <see cref="Channel"/>.</summary>
    public void AddClient(IServiceCollection services)
    {
        services.AddSingleton(this);
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(Channel);
            client.RegisterDirectly();
        });
    }

    private static void Register(DurableTaskRegistry registry, IReadOnlyList<FunctionDescriptor> functions, Func<IServiceProvider> appServices)
    {
        foreach (var function in functions)
        {
            switch (function.Trigger)
            {
                case OrchestrationTriggerBinding:
                    registry.AddOrchestrator(new TaskName(function.Name), () => new MethodOrchestrator(function, appServices()));
                    break;
                case ActivityTriggerBinding:
                    registry.AddActivity(new TaskName(function.Name), _ => new MethodActivity(function, appServices()));
                    break;
            }
        }
    }

    /// <summary>
    /// Drains the sidecar while the worker still runs (no new work items; the ones out with the worker come back),
    /// then stops the worker, then the sidecar (which releases the task hub's partition leases). Stopping the worker
    /// while it holds an activity would leave that activity invisible in its queue for the visibility timeout
    /// (minutes), and the orchestration waiting on it with it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            var (sidecar, worker) = await _starting;
            await sidecar.DrainAsync(DrainTimeout);
            await worker.StopAsync();
            worker.Dispose();
            await sidecar.DisposeAsync();
        }
        catch (Exception)
        {
            // The engine never started (the failure was logged when it happened): nothing to stop.
        }
        Channel.Dispose();
        _stopping.Dispose();
        _loggerFactory.Dispose();
    }
}
