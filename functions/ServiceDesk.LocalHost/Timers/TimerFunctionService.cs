using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ServiceDesk.LocalHost.Configuration;
using ServiceDesk.LocalHost.Discovery;
using ServiceDesk.LocalHost.Invocation;

namespace ServiceDesk.LocalHost.Timers;

/// <summary>
/// Runs timer-triggered functions on their schedules. Each timer has one loop, so runs of one timer never
/// overlap: a run that overlaps the next occurrence delays it, and missed occurrences collapse into one past-due run.
/// </summary>
public sealed class TimerFunctionService(
    IReadOnlyList<FunctionDescriptor> functions,
    IServiceScopeFactory scopes,
    FunctionInvoker invoker,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<TimerFunctionService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = functions.Where(f => f.Trigger is TimerTriggerBinding).Select(f => RunTimerAsync(f, stoppingToken)).ToList();
        return Task.WhenAll(loops);
    }

    private async Task RunTimerAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        var trigger = (TimerTriggerBinding)function.Trigger;
        TimerSchedule schedule;
        try
        {
            schedule = TimerSchedule.Parse(AppSettingExpressions.Resolve(trigger.Schedule, configuration));
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException)
        {
            logger.LogError("Timer '{FunctionName}' is disabled: {Reason}", function.Name, ex.Message);
            return;
        }

        await Task.Yield();
        DateTime? last = null;
        if (trigger.RunOnStartup)
        {
            last = await RunOnceAsync(function, schedule, last, isPastDue: false, stoppingToken);
        }

        var next = schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime);
        logger.LogInformation("Timer '{FunctionName}' next run at {Next:O}", function.Name, next);
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = next - time.GetUtcNow().UtcDateTime;
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            var now = time.GetUtcNow().UtcDateTime;
            var isPastDue = now - next > TimeSpan.FromSeconds(1);
            last = await RunOnceAsync(function, schedule, last, isPastDue, stoppingToken);
            next = schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime);
        }
    }

    private async Task<DateTime?> RunOnceAsync(
        FunctionDescriptor function, TimerSchedule schedule, DateTime? last, bool isPastDue, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var info = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = new ScheduleStatus
            {
                Last = last ?? default,
                Next = schedule.GetNextOccurrence(now),
                LastUpdated = now,
            },
        };
        await using var scope = scopes.CreateAsyncScope();
        var context = new LocalFunctionContext(function, scope.ServiceProvider, stoppingToken);
        try
        {
            await invoker.InvokeAsync(function, context, (parameter, _) => Bind(function, parameter, info));
        }
        catch (Exception)
        {
            // Logged by the invoker with the invocation id; the timer keeps its schedule, as in Azure.
        }
        return now;
    }

    private static ValueTask<(bool, object?)> Bind(FunctionDescriptor function, ParameterInfo parameter, TimerInfo info) =>
        ValueTask.FromResult<(bool, object?)>(function.IsTrigger(parameter) ? (true, info) : (false, null));
}
