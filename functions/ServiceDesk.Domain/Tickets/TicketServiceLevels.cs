using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.ServiceLevels;

namespace ServiceDesk.Domain.Tickets;

/// <summary>The ticket's service levels, routing and vendor clock (the part of the aggregate the SLA feature adds).</summary>
public sealed partial class Ticket
{
    /// <summary>
    /// Takes the clocks as advanced by <see cref="SlaClock.Advance"/>; a target that is breached now and was not before
    /// is logged (and announced as an event). Nothing else is logged: the clocks change with every change of the ticket.
    /// </summary>
    public void ApplySla(SlaState? next, DateTimeOffset now)
    {
        var before = _state.Sla;
        _state = _state with { Sla = next };
        foreach (var target in next?.Targets ?? [])
        {
            if (target.Outcome == SlaOutcome.Breached && before?.Find(target.Kind)?.Outcome != SlaOutcome.Breached)
            {
                Append(ActivityType.SlaBreached, Actor.System, now, $"SLA target {target.Kind} breached.", new Dictionary<string, string>
                {
                    ["target"] = target.Kind.ToString(),
                    ["policy"] = next!.PolicyName,
                    ["policyVersion"] = next.PolicyVersion.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["breachedAt"] = target.BreachedAt?.ToString("O") ?? now.ToString("O"),
                });
            }
        }
    }

    /// <summary>
    /// Records one escalation step of a target (once: a step already taken is ignored) and, for a step that names a
    /// next-line group, moves the open ticket there (its assignee cleared). Returns false when the step was taken already.
    /// </summary>
    public bool Escalate(DueEscalation due, IReadOnlyList<string> notified, DateTimeOffset now)
    {
        var sla = _state.Sla ?? throw new DomainRuleException("ticket.no-sla", $"Ticket {Number} has no service level.");
        var clock = sla.Find(due.Target);
        if (clock is null || clock.EscalationsDone > due.StepIndex)
        {
            return false;
        }
        _state = _state with
        {
            Sla = sla with { Targets = sla.Targets.Select(t => t.Kind == due.Target ? t with { EscalationsDone = due.StepIndex + 1 } : t).ToList() },
        };
        var data = new Dictionary<string, string>
        {
            ["target"] = due.Target.ToString(),
            ["percent"] = due.Step.Percent.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["level"] = due.Step.Level.ToString(),
            ["step"] = (due.StepIndex + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["dueAt"] = clock.DueAt?.ToString("O") ?? "",
            ["notified"] = string.Join(",", notified),
            ["group"] = _state.AssignmentGroup ?? "",
            ["assignee"] = _state.AssigneeId ?? "",
        };
        var moveTo = due.Step.MoveToGroup;
        var moves = moveTo is not null && Status.IsOpen() && !string.Equals(moveTo, _state.AssignmentGroup, StringComparison.Ordinal);
        if (moves)
        {
            data["movedTo"] = moveTo!;
        }
        Append(ActivityType.SlaEscalated, Actor.System, now,
            $"{due.Target} at {due.Step.Percent} % of its target: {due.Step.Level.ToString().ToLowerInvariant()} escalation.", data);
        if (moves)
        {
            Assign(moveTo!, null, null, Actor.System, now);
        }
        return true;
    }

    /// <summary>Routes a new ticket by a customer's rule (or its fallback group, <paramref name="ruleName"/> "fallback").</summary>
    public void Route(string ruleName, string group, Impact? impact, Urgency? urgency, DateTimeOffset now)
    {
        RequireStatus("route", TicketStatus.New);
        if ((impact is not null && impact != _state.Impact) || (urgency is not null && urgency != _state.Urgency))
        {
            Update(new TicketChanges { Impact = impact, Urgency = urgency }, Actor.System, now);
        }
        _state = _state with { AssignmentGroup = group };
        Append(ActivityType.AssignmentChanged, Actor.System, now, $"Routed by rule '{ruleName}'.", new Dictionary<string, string>
        {
            ["fromGroup"] = "",
            ["toGroup"] = group,
            ["fromAssignee"] = "",
            ["toAssignee"] = "",
            ["rule"] = ruleName,
        });
        ChangeStatus(TicketStatus.Assigned, Actor.System, now, null);
    }

    /// <summary>The vendor's contract clock starts when the case is handed over (a second hand-over to the same vendor keeps it).</summary>
    public void StartVendorClock(VendorClock clock)
    {
        if (_state.Vendor is { } current && current.VendorId == clock.VendorId && current.HandedOverAt == clock.HandedOverAt)
        {
            return;
        }
        _state = _state with { Vendor = clock };
    }

    /// <summary>The vendor acknowledged (first time counts).</summary>
    public void RecordVendorAcknowledged(DateTimeOffset at)
    {
        if (_state.Vendor is { AcknowledgedAt: null } v)
        {
            _state = _state with { Vendor = v with { AcknowledgedAt = at } };
        }
    }

    /// <summary>The vendor reported the case resolved (first time counts).</summary>
    public void RecordVendorResolved(DateTimeOffset at)
    {
        if (_state.Vendor is { ResolvedAt: null } v)
        {
            _state = _state with { Vendor = v with { ResolvedAt = at, AcknowledgedAt = v.AcknowledgedAt ?? at } };
        }
    }
}
