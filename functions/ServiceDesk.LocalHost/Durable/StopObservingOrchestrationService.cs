using System.Reflection;
using DurableTask.Core;

namespace ServiceDesk.LocalHost.Durable;

/// <summary>
/// Wraps the orchestration service handed to the gRPC sidecar so shutdown can await its <c>StopAsync</c>:
/// the sidecar stops its dispatchers and the service from a fire-and-forget callback, and only a completed
/// StopAsync releases the Azure Storage partition leases. Without it a quick restart would wait for the
/// leases to expire before orchestrations resume.
/// </summary>
public class StopObservingOrchestrationService : DispatchProxy
{
    private IOrchestrationService _target = null!;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _stopping;

    public static (IOrchestrationService Proxy, StopObservingOrchestrationService Observer) Wrap(IOrchestrationService target)
    {
        var proxy = Create<IOrchestrationService, StopObservingOrchestrationService>();
        var observer = (StopObservingOrchestrationService)(object)proxy;
        observer._target = target;
        return (proxy, observer);
    }

    /// <summary>Whether the sidecar started the service (it does once a worker connects).</summary>
    public bool HasStarted => _started.Task.IsCompleted;

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
        var result = targetMethod!.Invoke(_target, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);
        switch (targetMethod.Name)
        {
            case nameof(IOrchestrationService.StartAsync):
                ((Task)result!).ContinueWith(_ => _started.TrySetResult(), TaskScheduler.Default);
                break;
            case nameof(IOrchestrationService.StopAsync):
                Volatile.Write(ref _stopping, (Task)result!);
                break;
        }
        return result;
    }
}
