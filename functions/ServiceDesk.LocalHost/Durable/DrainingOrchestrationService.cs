using System.Collections.Concurrent;
using System.Reflection;
using DurableTask.Core;
using Microsoft.Extensions.Logging;

namespace ServiceDesk.LocalHost.Durable;

/// <summary>
/// Wraps the orchestration service handed to the gRPC sidecar so the local host can stop it gracefully, which the
/// sidecar alone does not:
/// <list type="bullet">
/// <item><b>Drain.</b> The sidecar stops its dispatchers only once the worker has disconnected, so a worker stopped
/// first takes the work items it holds with it: an activity that ran but whose result never came back stays
/// invisible in the work-item queue for its visibility timeout (5 minutes), and the orchestration waits on it; an
/// orchestration episode sent to a stopped worker never comes back at all. <see cref="BeginDrain"/> stops handing
/// out activities; <see cref="WaitForQuietAsync"/> waits until every work item handed out has been completed,
/// abandoned or released and the orchestrations have had a moment to take the results in (the engine reads its
/// control queues ahead: a message read and not processed would also stay invisible for minutes);
/// <see cref="Close"/> then stops handing out anything: a work item the engine still produces is abandoned, which
/// makes its messages visible again within seconds, for the next host; and <see cref="StopNowAsync"/> stops the
/// service while the worker is still connected, which ends the control-queue reads.</item>
/// <item><b>Stop.</b> Only a completed StopAsync releases the Azure Storage partition leases (else a quick restart
/// waits for them to expire). The sidecar calls it from a fire-and-forget callback, after its dispatchers have
/// stopped; one waiting for a work item that never comes back would never call it, leaving the service and its
/// lease renewals running for the life of the process. <see cref="WaitForStopAsync"/> observes the sidecar's call,
/// <see cref="StopNowAsync"/> stops the service anyway; whoever comes first stops it, the other gets the same task.
/// A stop while StartAsync still runs (a host stopped right after it started) waits for the start, which the Azure
/// Storage service needs, and a failing stop is logged, not thrown into the sidecar's callback (that would end the
/// process).</item>
/// </list>
/// </summary>
public class DrainingOrchestrationService : DispatchProxy
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentDictionary<object, byte> _handedOut = new(ReferenceEqualityComparer.Instance);
    private IOrchestrationService _target = null!;
    private ILogger _logger = null!;
    private Task? _starting;
    private Task? _stopping;
    private volatile int _mode; // Running, Draining (no new activities), Closed (nothing new)
    private long _lastMovement = Environment.TickCount64; // last orchestration hand-out or any take-back

    private const int Running = 0, Draining = 1, Closed = 2;

    public static (IOrchestrationService Proxy, DrainingOrchestrationService Control) Wrap(IOrchestrationService target, ILogger logger)
    {
        var proxy = Create<IOrchestrationService, DrainingOrchestrationService>();
        var control = (DrainingOrchestrationService)(object)proxy;
        control._target = target;
        control._logger = logger;
        return (proxy, control);
    }

    /// <summary>Whether the sidecar started the service (it does once a worker connects).</summary>
    public bool HasStarted => Volatile.Read(ref _starting) is not null;

    /// <summary>Work items handed to the dispatchers and not yet completed, abandoned or released.</summary>
    public int HandedOut => _handedOut.Count;

    /// <summary>From now on no new activity is handed out (orchestration episodes still are).</summary>
    public void BeginDrain() => _mode = Math.Max(_mode, Draining);

    /// <summary>From now on nothing is handed out; what the engine still produces is abandoned (visible again in seconds).</summary>
    public void Close() => _mode = Closed;

    /// <summary>
    /// True once no work item is out and, for <paramref name="quiet"/>, no orchestration episode was handed out and
    /// no work item came back (a result coming back is a message for an orchestration: quiet must exceed the
    /// control-queue polling interval for it to be read); false if that did not happen within <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitForQuietAsync(TimeSpan quiet, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_handedOut.IsEmpty && Environment.TickCount64 - Interlocked.Read(ref _lastMovement) >= quiet.TotalMilliseconds)
            {
                return true;
            }
            await Task.Delay(IdlePoll);
        }
        return false;
    }

    /// <summary>True once the sidecar's StopAsync call on the service has completed; false if not within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForStopAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _stopping) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        if (Volatile.Read(ref _stopping) is not { } stopping)
        {
            return false;
        }
        var left = deadline - DateTime.UtcNow;
        await stopping.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).ContinueWith(_ => { }, TaskScheduler.Default);
        return stopping.IsCompleted;
    }

    /// <summary>Stops the service now, unless it is stopping already; forced: work items still out are not waited for.</summary>
    public Task StopNowAsync(bool forced) => Stop(() => _target.StopAsync(isForced: forced));

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        switch (targetMethod!.Name)
        {
            case nameof(IOrchestrationService.StartAsync):
                var starting = (Task)Call(targetMethod, args)!;
                Volatile.Write(ref _starting, starting);
                return starting;
            case nameof(IOrchestrationService.StopAsync):
                return Stop(() => (Task)Call(targetMethod, args)!);
            case nameof(IOrchestrationService.LockNextTaskOrchestrationWorkItemAsync):
                // Called through even when closed (the engine then hands over what it read ahead, to be abandoned),
                // until the service stops: its fetches then return at once, and the dispatcher would spin on them.
                return Volatile.Read(ref _stopping) is not null
                    ? NothingAsync<TaskOrchestrationWorkItem>()
                    : HandOutAsync((Task<TaskOrchestrationWorkItem>)Call(targetMethod, args)!, Closed, AbandonAsync);
            case nameof(IOrchestrationService.LockNextTaskActivityWorkItem):
                return _mode >= Draining
                    ? NothingAsync<TaskActivityWorkItem>()
                    : HandOutAsync((Task<TaskActivityWorkItem>)Call(targetMethod, args)!, Draining, item => _target.AbandonTaskActivityWorkItemAsync(item));
            // The dispatchers always release an orchestration work item (after completing or abandoning it); an
            // activity work item is completed or abandoned (its release is a no-op that never reaches the service).
            case nameof(IOrchestrationService.ReleaseTaskOrchestrationWorkItemAsync):
            case nameof(IOrchestrationService.CompleteTaskActivityWorkItemAsync):
            case nameof(IOrchestrationService.AbandonTaskActivityWorkItemAsync):
                return TakeBackAsync(args![0]!, (Task)Call(targetMethod, args)!);
            default:
                return Call(targetMethod, args);
        }
    }

    private object? Call(MethodInfo method, object?[]? args) =>
        method.Invoke(_target, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);

    // Waits a little so the dispatchers' fetch loops do not spin while draining.
    private static async Task<T> NothingAsync<T>() where T : class
    {
        await Task.Delay(IdlePoll);
        return null!;
    }

    // A work item locked once its kind is no longer handed out (the call began before) goes back to the queue.
    private async Task<T> HandOutAsync<T>(Task<T> locking, int refusedFrom, Func<T, Task> giveBack) where T : class
    {
        var item = await locking;
        if (item is null)
        {
            return null!;
        }
        if (_mode >= refusedFrom)
        {
            try
            {
                await giveBack(item);
            }
            catch (Exception ex)
            {
                _logger.LogWarning("Giving back a Durable work item while stopping failed: {Message}", ex.Message);
            }
            return null!;
        }
        _handedOut.TryAdd(item, 0);
        if (item is TaskOrchestrationWorkItem)
        {
            Interlocked.Exchange(ref _lastMovement, Environment.TickCount64);
        }
        return item;
    }

    private async Task AbandonAsync(TaskOrchestrationWorkItem item)
    {
        try
        {
            await _target.AbandonTaskOrchestrationWorkItemAsync(item);
        }
        finally
        {
            await _target.ReleaseTaskOrchestrationWorkItemAsync(item);
        }
    }

    private async Task TakeBackAsync(object item, Task call)
    {
        try
        {
            await call;
        }
        finally
        {
            _handedOut.TryRemove(item, out _);
            Interlocked.Exchange(ref _lastMovement, Environment.TickCount64);
        }
    }

    private Task Stop(Func<Task> stop)
    {
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _stopping, stopped.Task, null) is { } already)
        {
            return already;
        }
        _ = StopOnceAsync(stop, stopped);
        return stopped.Task;
    }

    private async Task StopOnceAsync(Func<Task> stop, TaskCompletionSource stopped)
    {
        try
        {
            if (Volatile.Read(ref _starting) is { } starting)
            {
                await starting;
                await stop();
            }
            // Never started: nothing to stop.
        }
        catch (Exception ex)
        {
            // Stopping is best effort; a failure here must not take the process down.
            _logger.LogWarning("Stopping the Durable engine failed: {Message}", ex.Message);
        }
        finally
        {
            stopped.SetResult();
        }
    }
}
