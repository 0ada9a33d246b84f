using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using ServiceDesk.Application.Workflows;

namespace ServiceDesk.Functions.Workflows;

/// <summary>
/// A ticket handed to a vendor: dispatch, wait for acknowledgement (reminding and escalating when the target
/// passes), relay updates, and when the vendor reports it resolved wait for the agent's confirmation, then resolve.
/// Same rules as <see cref="ApprovalOrchestration"/>: one event waiter across timer rounds, losing timers cancelled
/// synchronously, duplicates dropped by event id, versioned input.
/// </summary>
public sealed class VendorOrchestration(VendorSteps steps)
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    [Function(nameof(VendorOrchestrator))]
    public static async Task<string> VendorOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        using var running = OrchestrationsRunning.Track(context, nameof(VendorOrchestrator));
        var input = context.GetInput<VendorWorkflowInput>()!;
        if (input.Version > VendorWorkflowInput.CurrentVersion)
        {
            throw new InvalidOperationException($"Vendor workflow version {input.Version} is newer than this deployment ({VendorWorkflowInput.CurrentVersion}).");
        }
        var targets = await context.CallActivityAsync<VendorTargets>(nameof(DispatchToVendor), input, Retry);
        var start = context.CurrentUtcDateTime;
        // The ticket's vendor clock gives the instants (in the vendor's calendar); histories from before it give spans only.
        var deadlines = new List<(DateTime At, string Target)>
        {
            (targets.AcknowledgeDueAt?.UtcDateTime ?? start + targets.AcknowledgeWithin, "acknowledgement"),
            (targets.ResolveDueAt?.UtcDateTime ?? start + targets.ResolveWithin, "resolution"),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var resolvedByVendor = false;
        Task<VendorEvent>? next = null;
        while (true)
        {
            next ??= context.WaitForExternalEvent<VendorEvent>(VendorEvent.Name);
            if (deadlines.Count > 0)
            {
                using var timerCancellation = new CancellationTokenSource();
                var timer = context.CreateTimer(deadlines[0].At, timerCancellation.Token);
                if (await Task.WhenAny(next, timer) == timer)
                {
                    var target = deadlines[0].Target;
                    deadlines.RemoveAt(0);
                    await context.CallActivityAsync(nameof(VendorTargetMissed), new VendorTargetInput(input.TicketNumber, target), Retry);
                    continue;
                }
                timerCancellation.Cancel(); // synchronously: CancelAsync would resume off the orchestration's scheduler
            }
            var e = await next;
            next = null;
            if (!seen.Add(e.EventId))
            {
                continue;
            }
            if (e.Kind == VendorEvent.Confirmed)
            {
                if (!resolvedByVendor)
                {
                    continue;
                }
                await context.CallActivityAsync(nameof(ResolveVendorCase), new VendorEventInput(input.TicketNumber, e), Retry);
                return "Resolved";
            }
            await context.CallActivityAsync(nameof(RecordVendorEvent), new VendorEventInput(input.TicketNumber, e), Retry);
            if (e.Kind is VendorEvent.Acknowledged or VendorEvent.Resolved)
            {
                deadlines.RemoveAll(d => d.Target == "acknowledgement");
            }
            if (e.Kind == VendorEvent.Resolved)
            {
                resolvedByVendor = true;
                deadlines.Clear();
            }
        }
    }

    [Function(nameof(DispatchToVendor))]
    public Task<VendorTargets> DispatchToVendor([ActivityTrigger] VendorWorkflowInput input, FunctionContext context) =>
        steps.DispatchAsync(input, context.CancellationToken);

    [Function(nameof(RecordVendorEvent))]
    public Task RecordVendorEvent([ActivityTrigger] VendorEventInput input, FunctionContext context) =>
        steps.RecordEventAsync(input, context.CancellationToken);

    [Function(nameof(VendorTargetMissed))]
    public Task VendorTargetMissed([ActivityTrigger] VendorTargetInput input, FunctionContext context) =>
        steps.TargetMissedAsync(input, context.CancellationToken);

    [Function(nameof(ResolveVendorCase))]
    public Task ResolveVendorCase([ActivityTrigger] VendorEventInput input, FunctionContext context) =>
        steps.ResolveAsync(input, context.CancellationToken);
}
