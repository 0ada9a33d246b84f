using System.Reflection;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace ServiceDesk.LocalHost.Durable;

/// <summary>
/// Wraps the orchestration service handed to the gRPC sidecar so shutdown can await its <c>StopAsync</c>:
/// the sidecar stops its dispatchers and the service from a fire-and-forget callback, and only a completed
/// StopAsync releases the Azure Storage partition leases. Without it a quick restart would wait for the
/// leases to expire before orchestrations resume.
/// It also makes that stop safe: the sidecar may call StopAsync while StartAsync is still running (a host
/// stopped right after it started), which the Azure Storage service does not tolerate, and an exception
/// there would escape the sidecar's fire-and-forget callback and end the process.
/// </summary>
public class StopObservingOrchestrationService : DispatchProxy
{
    private IOrchestrationService _target = null!;
    private ILogger _logger = null!;
    private Task? _starting;
    private Task? _stopping;

    public static (IOrchestrationService Proxy, StopObservingOrchestrationService Observer) Wrap(IOrchestrationService target, ILogger logger)
    {
        var proxy = Create<IOrchestrationService, StopObservingOrchestrationService>();
        var observer = (StopObservingOrchestrationService)(object)proxy;
        observer._target = target;
        observer._logger = logger;
        return (proxy, observer);
    }

    /// <summary>Whether the sidecar started the service (it does once a worker connects).</summary>
    public bool HasStarted => Volatile.Read(ref _starting) is not null;

    /// <summary>Completes when the sidecar's StopAsync call on the service has completed, or after <paramref name="timeout"/>.</summary>
    public async Task WaitForStopAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _stopping) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        if (_stopping is { } stopping)
        {
            await stopping.WaitAsync(deadline - DateTime.UtcNow > TimeSpan.Zero ? deadline - DateTime.UtcNow : TimeSpan.Zero)
                .ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod!.Name)
        {
            case nameof(IOrchestrationService.StartAsync):
                var starting = (Task)Call(targetMethod, args)!;
                Volatile.Write(ref _starting, starting);
                return starting;
            case nameof(IOrchestrationService.StopAsync):
                var stopping = StopAsync(targetMethod, args);
                Volatile.Write(ref _stopping, stopping);
                return stopping;
            default:
                return Call(targetMethod, args);
        }
    }

    private object? Call(MethodInfo method, object?[]? args) =>
        method.Invoke(_target, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);

    private async Task StopAsync(MethodInfo method, object?[]? args)
    {
        if (Volatile.Read(ref _starting) is not { } starting)
        {
            return; // never started: nothing to stop
        }
        try
        {
            await starting;
            await (Task)Call(method, args)!;
        }
        catch (Exception ex)
        {
            // Stopping is best effort; a failure here must not take the process down.
            _logger.LogWarning("Stopping the Durable engine failed: {Message}", ex.Message);
        }
    }
}
