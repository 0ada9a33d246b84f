using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Functions.Workflows;

/// <summary>
/// The approval of a service request: per step, notify the approvers and wait for decisions, reminding,
/// escalating and finally expiring on durable timers; then route, reject or hand to the service desk.
/// Deterministic: time comes from the context, everything else from activities. The open step is an
/// <see cref="ApprovalStep"/> kept in memory (rebuilt from the plan and the history on replay); who may decide is
/// its rule, the same one the decision channels ask before they raise an event. One event waiter stays open
/// across timer rounds (a second waiter would swallow an event), and every losing timer is cancelled.
/// Versioning: <see cref="ApprovalWorkflowInput.Version"/> is stored with each instance; a change to the
/// sequence of activities bumps it and keeps the old branch until no old instance runs.
/// </summary>
public sealed partial class ApprovalOrchestration(ApprovalSteps steps)
{
    private static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(1), backoffCoefficient: 2));

    [Function(nameof(ApprovalOrchestrator))]
    public static async Task<string> ApprovalOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        using var running = OrchestrationsRunning.Track(context, nameof(ApprovalOrchestrator));
        var input = context.GetInput<ApprovalWorkflowInput>()!;
        var logger = context.CreateReplaySafeLogger(nameof(ApprovalOrchestration));
        if (input.Version > ApprovalWorkflowInput.CurrentVersion)
        {
            throw new InvalidOperationException($"Approval workflow version {input.Version} is newer than this deployment ({ApprovalWorkflowInput.CurrentVersion}).");
        }
        var plan = await context.CallActivityAsync<ApprovalPlan>(nameof(PlanApproval), input, Retry);
        if (plan.Problem is not null)
        {
            return await CompleteAsync(context, input.TicketNumber, WorkflowStatus.HandedToServiceDesk, plan.Problem);
        }

        var decisions = new DecisionWaiter(context);
        foreach (var planned in plan.Steps)
        {
            var opened = context.CurrentUtcDateTime;
            var deadlines = plan.DeadlinesFrom(opened);
            await context.CallActivityAsync(nameof(OpenApprovalStep),
                new OpenStepInput(input.TicketNumber, planned.Index, Utc(opened), Utc(opened + plan.ExpireAfter)), Retry);
            LogStepOpened(logger, input.TicketNumber, planned.Index);

            var step = planned.ToStep();
            var rejection = await DecideStepAsync(context, input.TicketNumber, step, deadlines, decisions);
            switch (step.Outcome)
            {
                case ApprovalOutcome.Pending:
                    LogExpired(logger, input.TicketNumber, step.Index);
                    return plan.OnExpiry == ExpiryBehaviour.Reject
                        ? await CompleteAsync(context, input.TicketNumber, WorkflowStatus.Expired, $"No decision on step {step.Index + 1} '{step.Name}' in time: the request expired.")
                        : await CompleteAsync(context, input.TicketNumber, WorkflowStatus.HandedToServiceDesk, $"No decision on step {step.Index + 1} '{step.Name}' in time: handed to the service desk.");
                case ApprovalOutcome.Rejected:
                    return await CompleteAsync(context, input.TicketNumber, WorkflowStatus.Rejected, rejection ?? "Rejected.");
            }
        }
        return await CompleteAsync(context, input.TicketNumber, WorkflowStatus.Approved,
            plan.Steps.Count == 0 ? "No approval needed." : "Approved; routed for fulfilment.");
    }

    /// <summary>
    /// Runs one open step until it is decided or expires (its outcome then stays Pending): records each decision the
    /// step accepts, refuses the others, and reminds and escalates as the earlier deadlines pass. Returns the
    /// requester's reason when the step was rejected.
    /// </summary>
    private static async Task<string?> DecideStepAsync(TaskOrchestrationContext context, string ticket, ApprovalStep step,
        List<(DateTime At, ApprovalDeadline Kind)> deadlines, DecisionWaiter decisions)
    {
        string? rejection = null;
        while (step.Outcome == ApprovalOutcome.Pending)
        {
            var (dueAt, kind) = deadlines[0];
            if (await decisions.NextBeforeAsync(dueAt) is { } decision)
            {
                if (step.RefusalFor(decision.Step, decision.ApproverId) is { } reason)
                {
                    await context.CallActivityAsync(nameof(RefuseApprovalDecision), new RefusalInput(ticket, decision, reason), Retry);
                    continue;
                }
                step.Record(decision.ToEvidence());
                await context.CallActivityAsync(nameof(RecordApprovalDecision), new DecisionInput(ticket, decision), Retry);
                if (decision.Decision == ApprovalDecision.Reject)
                {
                    var name = step.Find(decision.ApproverId, null)?.Name ?? decision.ApproverId;
                    rejection = $"Rejected by {name}{(decision.Comment is null ? "." : ": " + decision.Comment)}";
                }
                continue;
            }

            deadlines.RemoveAt(0);
            switch (kind)
            {
                case ApprovalDeadline.Remind:
                    await context.CallActivityAsync(nameof(RemindApprovers), new StepApproversInput(ticket, step.Index, step.Undecided), Retry);
                    break;
                case ApprovalDeadline.Escalate:
                    var standIns = await context.CallActivityAsync<List<StandIn>>(nameof(EscalateApproval),
                        new StepApproversInput(ticket, step.Index, step.Undecided), Retry);
                    foreach (var standIn in standIns)
                    {
                        step.AddStandIn(standIn);
                    }
                    break;
                case ApprovalDeadline.Expire:
                    return null;
            }
        }
        return rejection;
    }

    private static async Task<string> CompleteAsync(TaskOrchestrationContext context, string ticket, WorkflowStatus outcome, string reason)
    {
        await context.CallActivityAsync(nameof(CompleteApproval), new CompleteInput(ticket, outcome, reason), Retry);
        return outcome.ToString();
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));

    /// <summary>
    /// The approval's one waiter for <see cref="ApprovalDecisionEvent"/>s, kept across steps and timer rounds so an
    /// event that arrives between rounds is not lost, and the event ids it has delivered (the engine delivers events
    /// at least once).
    /// </summary>
    private sealed class DecisionWaiter(TaskOrchestrationContext context)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private Task<ApprovalDecisionEvent>? _next;

        /// <summary>
        /// The next decision not seen before, or null when <paramref name="dueAt"/> passes first. Each round races a
        /// new durable timer against the waiter; when the decision wins, the timer is cancelled synchronously
        /// (CancelAsync would resume the orchestrator off its own scheduler).
        /// </summary>
        public async Task<ApprovalDecisionEvent?> NextBeforeAsync(DateTime dueAt)
        {
            while (true)
            {
                _next ??= context.WaitForExternalEvent<ApprovalDecisionEvent>(ApprovalDecisionEvent.Name);
                using var timerCancellation = new CancellationTokenSource();
                var timer = context.CreateTimer(dueAt, timerCancellation.Token);
                if (await Task.WhenAny(_next, timer) != _next)
                {
                    return null;
                }
                timerCancellation.Cancel();
                var decision = await _next;
                _next = null;
                if (_seen.Add(decision.EventId))
                {
                    return decision;
                }
            }
        }
    }

    [Function(nameof(PlanApproval))]
    public Task<ApprovalPlan> PlanApproval([ActivityTrigger] ApprovalWorkflowInput input, FunctionContext context) =>
        steps.PlanAsync(input, context.CancellationToken);

    [Function(nameof(OpenApprovalStep))]
    public Task OpenApprovalStep([ActivityTrigger] OpenStepInput input, FunctionContext context) =>
        steps.OpenStepAsync(input, context.CancellationToken);

    [Function(nameof(RemindApprovers))]
    public Task RemindApprovers([ActivityTrigger] StepApproversInput input, FunctionContext context) =>
        steps.RemindAsync(input, context.CancellationToken);

    [Function(nameof(EscalateApproval))]
    public async Task<List<StandIn>> EscalateApproval([ActivityTrigger] StepApproversInput input, FunctionContext context) =>
        [.. await steps.EscalateAsync(input, context.CancellationToken)];

    [Function(nameof(RecordApprovalDecision))]
    public Task RecordApprovalDecision([ActivityTrigger] DecisionInput input, FunctionContext context) =>
        steps.RecordDecisionAsync(input, context.CancellationToken);

    [Function(nameof(RefuseApprovalDecision))]
    public Task RefuseApprovalDecision([ActivityTrigger] RefusalInput input, FunctionContext context) =>
        steps.RecordRefusalAsync(input, context.CancellationToken);

    [Function(nameof(CompleteApproval))]
    public Task CompleteApproval([ActivityTrigger] CompleteInput input, FunctionContext context) =>
        steps.CompleteAsync(input, context.CancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval of {Ticket}: step {Step} opened")]
    private static partial void LogStepOpened(ILogger logger, string ticket, int step);

    [LoggerMessage(Level = LogLevel.Information, Message = "Approval of {Ticket}: step {Step} expired")]
    private static partial void LogExpired(ILogger logger, string ticket, int step);
}
