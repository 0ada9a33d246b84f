using Microsoft.Extensions.Options;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>
/// The work behind each activity of the approval orchestration. Every method is idempotent: it may run again
/// after a crash, so it writes the approval record as a whole and sends mails under deterministic keys.
/// </summary>
public sealed class ApprovalSteps(
    ICatalogStore catalog,
    IApprovalStore approvals,
    WorkflowTickets tickets,
    IWorkflowMailer mailer,
    ApprovalMails mails,
    IOptions<WorkflowOptions> options,
    TimeProvider time)
{
    private WorkflowOptions Options => options.Value;

    public async Task<ApprovalPlan> PlanAsync(ApprovalWorkflowInput input, CancellationToken ct)
    {
        var ticket = await tickets.FindAsync(input.TicketNumber, ct)
            ?? throw new InvalidOperationException($"Ticket {input.TicketNumber} does not exist.");
        var item = await catalog.FindItemAsync(ticket.CustomerId, input.CatalogItemId, ct);
        if (item is null)
        {
            return await SaveNewRecordAsync(ticket, input, null, new ApprovalPlan(input.TicketNumber, [], TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero,
                ExpiryBehaviour.HandToServiceDesk, $"Catalogue item '{input.CatalogItemId}' no longer exists."), ct);
        }
        var fallback = item.FallbackApproverId is null ? null : await catalog.FindUserAsync(ticket.CustomerId, item.FallbackApproverId, ct);
        var steps = new List<PlannedStep>();
        string? problem = null;
        foreach (var (definition, index) in item.Steps.Select((s, i) => (s, i)))
        {
            var seats = new List<IReadOnlyList<Approver>>();
            foreach (var reference in definition.Approvers)
            {
                var user = reference == ApprovalStepDefinition.RequesterManager
                    ? await ManagerOfAsync(ticket, ct)
                    : await catalog.FindUserAsync(ticket.CustomerId, reference, ct);
                user ??= fallback;
                if (user is null)
                {
                    problem = $"Step '{definition.Name}': approver '{reference}' is not in the customer's user directory and the item has no fallback approver.";
                    continue;
                }
                if (!seats.Any(s => s.Any(a => a.UserId == user.Id)))
                {
                    seats.Add([user.AsApprover()]);
                }
            }
            steps.Add(new PlannedStep(index, definition.Name, definition.Rule, seats));
        }
        var plan = new ApprovalPlan(input.TicketNumber, steps,
            item.RemindAfter ?? Options.ApprovalRemindAfter,
            item.EscalateAfter ?? Options.ApprovalEscalateAfter,
            item.ExpireAfter ?? Options.ApprovalExpireAfter,
            item.OnExpiry,
            problem ?? (steps.Any(s => s.Seats.Count == 0) ? "A step has no approvers." : null));
        return await SaveNewRecordAsync(ticket, input, item, plan, ct);
    }

    private async Task<ApprovalPlan> SaveNewRecordAsync(TicketState ticket, ApprovalWorkflowInput input, CatalogItem? item, ApprovalPlan plan, CancellationToken ct)
    {
        var existing = await approvals.FindAsync(ticket.Number, ct);
        if (existing is null)
        {
            var now = time.GetUtcNow();
            await approvals.SaveAsync(new ApprovalRecord
            {
                TicketNumber = ticket.Number,
                CustomerId = ticket.CustomerId,
                CatalogItemId = input.CatalogItemId,
                CatalogItemName = item?.Name ?? input.CatalogItemId,
                RequesterId = ticket.Requester.Id,
                InstanceId = IApprovalWorkflowClient.ApprovalInstanceId(ticket.Number),
                StartedAt = now,
                Steps = plan.Steps.Select(s => new ApprovalStepRecord
                {
                    Index = s.Index,
                    Name = s.Name,
                    Rule = s.Rule,
                    Seats = s.Seats.Select(seat => seat.ToList()).ToList(),
                }).ToList(),
                Log = [new WorkflowLogEntry(now, "started",
                    $"Approval started: {plan.Steps.Count} step(s){(plan.Problem is null ? "" : "; " + plan.Problem)}")],
            }, ct);
        }
        return plan;
    }

    private async Task<CustomerUser?> ManagerOfAsync(TicketState ticket, CancellationToken ct)
    {
        var requester = await catalog.FindUserAsync(ticket.CustomerId, ticket.Requester.Id, ct);
        if (requester is null && ticket.Requester.Email is not null)
        {
            requester = await catalog.FindUserByEmailAsync(ticket.CustomerId, ticket.Requester.Email, ct);
        }
        return requester?.ManagerId is { } manager ? await catalog.FindUserAsync(ticket.CustomerId, manager, ct) : null;
    }

    public async Task OpenStepAsync(OpenStepInput input, CancellationToken ct)
    {
        var record = await RequireAsync(input.TicketNumber, ct);
        var step = record.Steps[input.Step];
        if (step.OpenedAt is null)
        {
            step = step with { OpenedAt = input.OpenedAt, ExpiresAt = input.ExpiresAt };
            record.Steps[input.Step] = step;
            record = record with { CurrentStep = input.Step };
            var names = string.Join(", ", step.Seats.SelectMany(s => s).Select(a => a.Name));
            var text = $"Approval step {input.Step + 1} '{step.Name}' ({(step.Rule == ApprovalRule.All ? "all of" : "any of")}: {names}) waits for a decision until {input.ExpiresAt:yyyy-MM-dd HH:mm} UTC.";
            record.Log.Add(new WorkflowLogEntry(input.OpenedAt, "stepOpened", text));
            await approvals.SaveAsync(record, ct);
            await tickets.LogAsync(input.TicketNumber, text, new Dictionary<string, string>
            {
                ["workflow"] = "approval", ["event"] = "stepOpened", ["step"] = input.Step.ToString(), ["approvers"] = string.Join(",", step.Seats.SelectMany(s => s).Select(a => a.UserId)),
            }, ct);
        }
        if (await tickets.FindAsync(input.TicketNumber, ct) is { } ticket)
        {
            foreach (var approver in step.Seats.SelectMany(s => s))
            {
                await SendAsync(mails.Request(record, step, approver, ticket), ct);
            }
        }
    }

    public async Task RemindAsync(StepApproversInput input, CancellationToken ct)
    {
        var record = await RequireAsync(input.TicketNumber, ct);
        var step = record.Steps[input.Step];
        if (await tickets.FindAsync(input.TicketNumber, ct) is { } ticket)
        {
            var reminder = record.Log.Count(l => l.Kind == "reminded"); // each reminder is one mail, even when retried
            foreach (var approver in input.Approvers)
            {
                await SendAsync(mails.Reminder(record, step, approver, ticket, reminder), ct);
            }
        }
        await AppendAsync(record, "reminded", $"Reminder sent to {string.Join(", ", input.Approvers.Select(a => a.Name))} (step {input.Step + 1}).", input.Step, ct);
    }

    /// <summary>Adds each undecided approver's delegate, or else the item's fallback approver, to their seat.</summary>
    public async Task<IReadOnlyList<StandIn>> EscalateAsync(StepApproversInput input, CancellationToken ct)
    {
        var record = await RequireAsync(input.TicketNumber, ct);
        var item = await catalog.FindItemAsync(record.CustomerId, record.CatalogItemId, ct);
        var fallback = item?.FallbackApproverId is { } f ? await catalog.FindUserAsync(record.CustomerId, f, ct) : null;
        var standIns = new List<StandIn>();
        foreach (var approver in input.Approvers)
        {
            var user = await catalog.FindUserAsync(record.CustomerId, approver.UserId, ct);
            var delegated = user?.DelegateId is { } d ? await catalog.FindUserAsync(record.CustomerId, d, ct) : null;
            var standIn = delegated ?? fallback;
            if (standIn is not null && standIn.Id != approver.UserId)
            {
                standIns.Add(new StandIn(approver.UserId, standIn.AsApprover()));
            }
        }
        var step = record.Steps[input.Step];
        var tally = new ApprovalTally(step.Rule, step.Seats);
        foreach (var s in standIns)
        {
            tally.AddStandIn(s.OriginalId, s.Approver);
        }
        step = step with { Seats = tally.Seats.Select(seat => seat.ToList()).ToList() };
        record.Steps[input.Step] = step;
        var text = standIns.Count == 0
            ? $"Step {input.Step + 1} escalation: no delegate or fallback approver for {string.Join(", ", input.Approvers.Select(a => a.Name))}."
            : $"Step {input.Step + 1} escalated to {string.Join(", ", standIns.Select(s => s.Approver.Name))}.";
        await AppendAsync(record, "escalated", text, input.Step, ct);
        if (await tickets.FindAsync(input.TicketNumber, ct) is { } ticket)
        {
            foreach (var s in standIns.DistinctBy(s => s.Approver.UserId))
            {
                await SendAsync(mails.Request(record, step, s.Approver, ticket), ct);
            }
        }
        return standIns;
    }

    public async Task RecordDecisionAsync(DecisionInput input, CancellationToken ct)
    {
        var record = await RequireAsync(input.TicketNumber, ct);
        var d = input.Decision;
        var step = record.Steps[d.Step];
        if (step.Decisions.Any(e => e.EventId == d.EventId))
        {
            return;
        }
        step.Decisions.Add(d.ToEvidence());
        var tally = step.Tally();
        record.Steps[d.Step] = step with { Outcome = tally.Outcome };
        var approver = step.Seats.SelectMany(s => s).FirstOrDefault(a => a.UserId == d.ApproverId);
        var verb = d.Decision == ApprovalDecision.Approve ? "Approved" : "Rejected";
        var text = $"{verb} by {approver?.Name ?? d.ApproverId} (step {d.Step + 1}, {d.Channel}){(d.Comment is null ? "" : ": " + d.Comment)}";
        record.Log.Add(new WorkflowLogEntry(d.At, "decided", text));
        await approvals.SaveAsync(record, ct);
        var data = new Dictionary<string, string>
        {
            ["workflow"] = "approval", ["event"] = "decided", ["step"] = d.Step.ToString(), ["decision"] = d.Decision.ToString(),
            ["approver"] = d.ApproverId, ["channel"] = d.Channel, ["eventId"] = d.EventId,
        };
        if (d.Address is not null) data["address"] = d.Address;
        if (d.MessageId is not null) data["messageId"] = d.MessageId;
        if (d.AuthenticationResults is not null) data["authenticationResults"] = d.AuthenticationResults;
        await tickets.LogAsync(input.TicketNumber, text, data, ct);
    }

    public Task RecordRefusalAsync(RefusalInput input, CancellationToken ct) =>
        tickets.RecordSecurityEventAsync(input.TicketNumber, "decisionRefused",
            $"Decision by '{input.Decision.ApproverId}' for step {input.Decision.Step + 1} refused: {input.Reason}. Nothing was changed.",
            new Dictionary<string, string> { ["channel"] = input.Decision.Channel, ["eventId"] = input.Decision.EventId, ["approver"] = input.Decision.ApproverId }, ct);

    public async Task CompleteAsync(CompleteInput input, CancellationToken ct)
    {
        var record = await RequireAsync(input.TicketNumber, ct);
        var item = await catalog.FindItemAsync(record.CustomerId, record.CatalogItemId, ct);
        var group = input.Outcome == WorkflowStatus.Approved ? item?.FulfilmentGroup ?? Options.ServiceDeskGroup : Options.ServiceDeskGroup;
        var (ticket, refused) = await tickets.ChangeAsync(input.TicketNumber, (t, now) =>
        {
            if (t.Status != TicketStatus.Pending || t.State.PendingReason != PendingReason.WaitingForApproval)
            {
                return; // done already (a retried activity), or the requester cancelled meanwhile
            }
            switch (input.Outcome)
            {
                case WorkflowStatus.Approved or WorkflowStatus.HandedToServiceDesk:
                    t.RouteAfterApproval(group, input.Reason, WorkflowTickets.WorkflowActor, now);
                    break;
                default:
                    t.Cancel(input.Reason, WorkflowTickets.WorkflowActor, now);
                    break;
            }
        }, ct);
        if (record.Status == WorkflowStatus.Waiting)
        {
            var now = time.GetUtcNow();
            record = record with { Status = input.Outcome, CompletedAt = now };
            record.Log.Add(new WorkflowLogEntry(now, "completed", $"{input.Outcome}: {input.Reason}{(refused is null ? "" : $" (ticket not changed: {refused.Message})")}"));
            await approvals.SaveAsync(record, ct);
        }
        if (ticket is not null)
        {
            await SendAsync(ApprovalMails.Outcome(ticket, input.Outcome, input.Reason), ct);
        }
    }

    private async Task AppendAsync(ApprovalRecord record, string kind, string text, int step, CancellationToken ct)
    {
        record.Log.Add(new WorkflowLogEntry(time.GetUtcNow(), kind, text));
        await approvals.SaveAsync(record, ct);
        await tickets.LogAsync(record.TicketNumber, text, new Dictionary<string, string> { ["workflow"] = "approval", ["event"] = kind, ["step"] = step.ToString() }, ct);
    }

    private Task SendAsync(WorkflowMail? mail, CancellationToken ct) => mail is null ? Task.CompletedTask : mailer.SendAsync(mail, ct);

    private async Task<ApprovalRecord> RequireAsync(string ticketNumber, CancellationToken ct) =>
        await approvals.FindAsync(ticketNumber, ct) ?? throw new InvalidOperationException($"No approval record for ticket {ticketNumber}.");
}
