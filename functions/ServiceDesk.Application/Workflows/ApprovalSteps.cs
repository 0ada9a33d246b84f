using Microsoft.Extensions.Options;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>
/// The work behind each activity of the approval orchestration: load the <see cref="Approval"/>, change it, save it
/// whole, copy its new log entry to the ticket, send the mails (<see cref="ApprovalMails"/>). Every method is
/// idempotent: it may run again after a crash, the aggregate ignores a change made already, and mails go out under
/// deterministic keys.
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
        if (await approvals.FindAsync(ticket.Number, ct) is null)
        {
            var approval = Approval.Start(ticket.Number, ticket.CustomerId, input.CatalogItemId, item?.Name ?? input.CatalogItemId, ticket.Requester.Id,
                IApprovalWorkflowClient.ApprovalInstanceId(ticket.Number), plan.Steps.Select(s => s.ToStep()), plan.Problem, time.GetUtcNow());
            await approvals.SaveAsync(approval.State, ct);
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
        var approval = await LoadAsync(input.TicketNumber, ct);
        var step = approval.Steps[input.Step];
        if (approval.OpenStep(input.Step, input.OpenedAt, input.ExpiresAt) is { } opened)
        {
            await SaveAsync(approval, opened, input.Step, ct, ("approvers", string.Join(",", step.Approvers.Select(a => a.UserId))));
        }
        if (await tickets.FindAsync(input.TicketNumber, ct) is { } ticket)
        {
            foreach (var approver in step.Approvers)
            {
                await SendAsync(mails.Request(approval.State, step.State, approver, ticket), ct);
            }
        }
    }

    public async Task RemindAsync(StepApproversInput input, CancellationToken ct)
    {
        var approval = await LoadAsync(input.TicketNumber, ct);
        var step = approval.Steps[input.Step];
        if (await tickets.FindAsync(input.TicketNumber, ct) is { } ticket)
        {
            foreach (var approver in input.Approvers)
            {
                await SendAsync(mails.Reminder(approval.State, step.State, approver, ticket, approval.Reminders), ct);
            }
        }
        await SaveAsync(approval, approval.Remind(input.Step, input.Approvers, time.GetUtcNow()), input.Step, ct);
    }

    /// <summary>Adds each undecided approver's delegate, or else the item's fallback approver, to their seat.</summary>
    public async Task<IReadOnlyList<StandIn>> EscalateAsync(StepApproversInput input, CancellationToken ct)
    {
        var approval = await LoadAsync(input.TicketNumber, ct);
        var record = approval.State;
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
        await SaveAsync(approval, approval.Escalate(input.Step, input.Approvers, standIns, time.GetUtcNow()), input.Step, ct);
        if (await tickets.FindAsync(input.TicketNumber, ct) is { } ticket)
        {
            foreach (var s in standIns.DistinctBy(s => s.Approver.UserId))
            {
                await SendAsync(mails.Request(approval.State, approval.Steps[input.Step].State, s.Approver, ticket), ct);
            }
        }
        return standIns;
    }

    public async Task RecordDecisionAsync(DecisionInput input, CancellationToken ct)
    {
        var approval = await LoadAsync(input.TicketNumber, ct);
        var d = input.Decision;
        if (approval.RecordDecision(d.Step, d.ToEvidence()) is not { } decided)
        {
            return;
        }
        var data = new List<(string, string)>
        {
            ("decision", d.Decision.ToString()), ("approver", d.ApproverId), ("channel", d.Channel), ("eventId", d.EventId),
        };
        if (d.Address is not null) data.Add(("address", d.Address));
        if (d.MessageId is not null) data.Add(("messageId", d.MessageId));
        if (d.AuthenticationResults is not null) data.Add(("authenticationResults", d.AuthenticationResults));
        await SaveAsync(approval, decided, d.Step, ct, [.. data]);
    }

    public Task RecordRefusalAsync(RefusalInput input, CancellationToken ct) =>
        tickets.RecordSecurityEventAsync(input.TicketNumber, "decisionRefused",
            $"Decision by '{input.Decision.ApproverId}' for step {input.Decision.Step + 1} refused: {input.Reason}. Nothing was changed.",
            new Dictionary<string, string> { ["channel"] = input.Decision.Channel, ["eventId"] = input.Decision.EventId, ["approver"] = input.Decision.ApproverId }, ct);

    public async Task CompleteAsync(CompleteInput input, CancellationToken ct)
    {
        var approval = await LoadAsync(input.TicketNumber, ct);
        var item = await catalog.FindItemAsync(approval.State.CustomerId, approval.State.CatalogItemId, ct);
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
        if (approval.Complete(input.Outcome, input.Reason, refused?.Message, time.GetUtcNow()) is not null)
        {
            await approvals.SaveAsync(approval.State, ct); // the ticket has its own entry for the outcome
        }
        if (ticket is not null)
        {
            await SendAsync(ApprovalMails.Outcome(ticket, input.Outcome, input.Reason), ct);
        }
    }

    /// <summary>Saves the approval, then copies <paramref name="entry"/> to the ticket's log with what the ticket's readers filter on.</summary>
    private async Task SaveAsync(Approval approval, WorkflowLogEntry entry, int step, CancellationToken ct, params (string Key, string Value)[] data)
    {
        await approvals.SaveAsync(approval.State, ct);
        var fields = new Dictionary<string, string> { ["workflow"] = "approval", ["event"] = entry.Kind, ["step"] = step.ToString() };
        foreach (var (key, value) in data)
        {
            fields[key] = value;
        }
        await tickets.LogAsync(approval.TicketNumber, entry.Text, fields, ct);
    }

    private Task SendAsync(WorkflowMail? mail, CancellationToken ct) => mail is null ? Task.CompletedTask : mailer.SendAsync(mail, ct);

    private async Task<Approval> LoadAsync(string ticketNumber, CancellationToken ct) =>
        Approval.Restore(await approvals.FindAsync(ticketNumber, ct) ?? throw new InvalidOperationException($"No approval record for ticket {ticketNumber}."));
}
