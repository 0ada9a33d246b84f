using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Tickets;
using static ServiceDesk.UnitTests.ServiceLevels.Times;

namespace ServiceDesk.UnitTests.ServiceLevels;

/// <summary>The ticket's service level methods: breach log, escalation steps, routing and the vendor clock.</summary>
public sealed class TicketSlaTests
{
    private static readonly Actor Agent = SlaTicket.Agent;

    private static readonly SlaPolicy P3 = new()
    {
        Name = "P3",
        Priority = Priority.Moderate,
        FirstResponse = TimeSpan.FromHours(1),
        Resolution = TimeSpan.FromHours(8),
    };

    private static readonly SlaPolicy ResolutionOnly = new() { Name = "R8", Resolution = TimeSpan.FromHours(8) };

    private static readonly DateTimeOffset Monday08 = Stockholm(2026, 11, 23, 8);
    private static readonly DateTimeOffset Monday10 = Stockholm(2026, 11, 23, 10);

    private static IReadOnlyList<Activity> Of(Ticket ticket, ActivityType type) =>
        ticket.NewActivities.Where(a => a.Type == type).ToList();

    // ---- ApplySla ----

    [Fact]
    public void A_target_breached_for_the_first_time_is_logged_once_with_the_instant_it_was_crossed()
    {
        var t = SlaTicket.Open(P3, Monday10);
        Assert.Empty(Of(t.Ticket, ActivityType.SlaBreached));

        var noticed = Stockholm(2026, 11, 23, 15);
        t.Advance(noticed);
        var breach = Assert.Single(Of(t.Ticket, ActivityType.SlaBreached));
        Assert.Equal(Actor.System, breach.Actor);
        Assert.Equal(noticed, breach.At);
        Assert.Equal("SLA target FirstResponse breached.", breach.Text);
        Assert.Equal(new Dictionary<string, string>
        {
            ["target"] = "FirstResponse",
            ["policy"] = "P3",
            ["policyVersion"] = "1",
            ["breachedAt"] = "2026-11-23T10:00:00.0000000+00:00",
        }, breach.Data);

        t.Advance(Stockholm(2026, 11, 23, 15, 30));
        t.Do(Stockholm(2026, 11, 23, 16), (x, now) => { x.Assign("L1", "a-1", "Erik", Agent, now); x.Start(Agent, now); });
        Assert.Single(Of(t.Ticket, ActivityType.SlaBreached));

        // The resolution target breaches on Tuesday 09:00 (08:00Z): logged as a second entry.
        t.Advance(Stockholm(2026, 11, 24, 10));
        var breaches = Of(t.Ticket, ActivityType.SlaBreached);
        Assert.Equal(2, breaches.Count);
        Assert.Equal("Resolution", breaches[1].Data["target"]);
        Assert.Equal("2026-11-24T08:00:00.0000000+00:00", breaches[1].Data["breachedAt"]);
        t.Advance(Stockholm(2026, 11, 24, 11));
        Assert.Equal(2, Of(t.Ticket, ActivityType.SlaBreached).Count);
    }

    [Fact]
    public void Applying_clocks_that_are_not_breached_logs_nothing()
    {
        var t = SlaTicket.Open(P3, Monday10);
        var before = t.Ticket.NewActivities.Count;

        t.Advance(Stockholm(2026, 11, 23, 10, 30));
        t.Ticket.ApplySla(null, Stockholm(2026, 11, 23, 10, 45));

        Assert.Equal(before, t.Ticket.NewActivities.Count);
        Assert.Null(t.Ticket.State.Sla);
    }

    // ---- Escalate ----

    [Fact]
    public void An_escalation_step_is_recorded_once()
    {
        var t = SlaTicket.Open(ResolutionOnly, Monday08);
        t.Do(Monday08, (x, now) => x.Assign("L1", "a-1", "Erik", Agent, now));
        var noon = Stockholm(2026, 11, 23, 12);
        var step = Assert.Single(SlaClock.DueEscalations(t.Advance(noon), ResolutionOnly));
        var before = t.Ticket.NewActivities.Count;

        Assert.True(t.Ticket.Escalate(step, ["erik@contoso.se", "l1@contoso.se"], noon));

        Assert.Equal(before + 1, t.Ticket.NewActivities.Count);
        var escalated = t.Ticket.NewActivities[^1];
        Assert.Equal(ActivityType.SlaEscalated, escalated.Type);
        Assert.Equal(Actor.System, escalated.Actor);
        Assert.Equal(noon, escalated.At);
        Assert.Equal("Resolution at 50 % of its target: functional escalation.", escalated.Text);
        Assert.Equal(new Dictionary<string, string>
        {
            ["target"] = "Resolution",
            ["percent"] = "50",
            ["level"] = "Functional",
            ["step"] = "1",
            ["dueAt"] = "2026-11-23T15:00:00.0000000+00:00",
            ["notified"] = "erik@contoso.se,l1@contoso.se",
            ["group"] = "L1",
            ["assignee"] = "a-1",
        }, escalated.Data);
        Assert.Equal(1, t.Clock(SlaTargetKind.Resolution).EscalationsDone);
        var version = t.Ticket.State.Version;

        Assert.False(t.Ticket.Escalate(step, ["erik@contoso.se"], Stockholm(2026, 11, 23, 12, 5)));

        Assert.Equal(before + 1, t.Ticket.NewActivities.Count);
        Assert.Equal(1, t.Clock(SlaTargetKind.Resolution).EscalationsDone);
        Assert.Equal(version, t.Ticket.State.Version);
        Assert.Empty(SlaClock.DueEscalations(t.Advance(noon), ResolutionOnly));
    }

    [Fact]
    public void A_step_that_names_a_group_moves_the_open_ticket_there_without_assignee()
    {
        var policy = ResolutionOnly with
        {
            Escalation = [new(50, EscalationLevel.Functional), new(100, EscalationLevel.Hierarchical, "L2")],
        };
        var t = SlaTicket.Open(policy, Monday08);
        t.Do(Monday08, (x, now) => { x.Assign("L1", "a-1", "Erik", Agent, now); x.Start(Agent, now); });
        var late = Stockholm(2026, 11, 23, 17); // 9 h of 8 h
        var due = SlaClock.DueEscalations(t.Advance(late), policy);
        Assert.Equal([0, 1], due.Select(d => d.StepIndex));
        var before = t.Ticket.NewActivities.Count;

        Assert.True(t.Ticket.Escalate(due[0], [], late));
        Assert.Equal("L1", t.Ticket.State.AssignmentGroup);
        Assert.True(t.Ticket.Escalate(due[1], ["chef@contoso.se"], late));

        Assert.Equal("L2", t.Ticket.State.AssignmentGroup);
        Assert.Null(t.Ticket.State.AssigneeId);
        Assert.Null(t.Ticket.State.AssigneeName);
        Assert.Equal(TicketStatus.InProgress, t.Ticket.Status);
        var added = t.Ticket.NewActivities.Skip(before).ToList();
        Assert.Equal([ActivityType.SlaEscalated, ActivityType.SlaEscalated, ActivityType.AssignmentChanged], added.Select(a => a.Type));
        Assert.False(added[0].Data.ContainsKey("movedTo"));
        Assert.Equal("L2", added[1].Data["movedTo"]);
        Assert.Equal("100", added[1].Data["percent"]);
        Assert.Equal("Hierarchical", added[1].Data["level"]);
        Assert.Equal("2", added[1].Data["step"]);
        Assert.Equal("L1", added[1].Data["group"]);
        Assert.Equal("a-1", added[1].Data["assignee"]);
        Assert.Equal(new Dictionary<string, string>
        {
            ["fromGroup"] = "L1",
            ["toGroup"] = "L2",
            ["fromAssignee"] = "a-1",
            ["toAssignee"] = "",
        }, added[2].Data);
        Assert.Equal(Actor.System, added[2].Actor);
        Assert.Equal(2, t.Clock(SlaTargetKind.Resolution).EscalationsDone);
        Assert.Null(t.Advance(late).NextEscalationAt);
    }

    [Fact]
    public void A_step_that_names_a_group_does_not_move_a_resolved_ticket()
    {
        var policy = ResolutionOnly with { Escalation = [new(100, EscalationLevel.Hierarchical, "L2")] };
        var t = SlaTicket.Open(policy, Monday08);
        t.Do(Monday08, (x, now) => x.Assign("L1", "a-1", "Erik", Agent, now));
        var late = Stockholm(2026, 11, 23, 17);
        var step = Assert.Single(SlaClock.DueEscalations(t.Advance(late), policy));
        t.Do(late, (x, now) => x.Resolve(ResolutionCode.Solved, "Klart", Agent, now));

        Assert.True(t.Ticket.Escalate(step, [], late));

        Assert.Equal("L1", t.Ticket.State.AssignmentGroup);
        Assert.Equal("a-1", t.Ticket.State.AssigneeId);
        Assert.Equal(TicketStatus.Resolved, t.Ticket.Status);
        var escalated = t.Ticket.NewActivities[^1];
        Assert.Equal(ActivityType.SlaEscalated, escalated.Type);
        Assert.False(escalated.Data.ContainsKey("movedTo"));
    }

    [Fact]
    public void Escalating_a_ticket_without_service_level_is_refused()
    {
        var ticket = SlaTicket.NewTicket(Monday10);
        var step = new DueEscalation(SlaTargetKind.Resolution, 0, new EscalationStep(50, EscalationLevel.Functional));

        var error = Assert.Throws<DomainRuleException>(() => ticket.Escalate(step, [], Monday10));

        Assert.Equal("ticket.no-sla", error.Code);
    }

    [Fact]
    public void Escalating_a_target_the_ticket_has_no_clock_for_returns_false()
    {
        var t = SlaTicket.Open(ResolutionOnly, Monday10);
        var before = t.Ticket.NewActivities.Count;
        var step = new DueEscalation(SlaTargetKind.FirstResponse, 0, new EscalationStep(50, EscalationLevel.Functional));

        Assert.False(t.Ticket.Escalate(step, [], Monday10));
        Assert.Equal(before, t.Ticket.NewActivities.Count);
    }

    // ---- Route ----

    [Fact]
    public void Routing_a_new_ticket_assigns_it_to_the_group_and_names_the_rule()
    {
        var ticket = SlaTicket.NewTicket(Monday10);

        ticket.Route("Skrivare", "Print", null, null, Monday10);

        Assert.Equal(TicketStatus.Assigned, ticket.Status);
        Assert.Equal("Print", ticket.State.AssignmentGroup);
        Assert.Null(ticket.State.AssigneeId);
        Assert.Equal(Priority.Moderate, ticket.Priority);
        var added = ticket.NewActivities.Skip(1).ToList(); // after Created
        Assert.Equal([ActivityType.AssignmentChanged, ActivityType.StatusChanged], added.Select(a => a.Type));
        Assert.Equal("Routed by rule 'Skrivare'.", added[0].Text);
        Assert.Equal(Actor.System, added[0].Actor);
        Assert.Equal(new Dictionary<string, string>
        {
            ["fromGroup"] = "",
            ["toGroup"] = "Print",
            ["fromAssignee"] = "",
            ["toAssignee"] = "",
            ["rule"] = "Skrivare",
        }, added[0].Data);
        Assert.Equal(new Dictionary<string, string> { ["from"] = "New", ["to"] = "Assigned" }, added[1].Data);
    }

    [Fact]
    public void Routing_applies_the_rules_impact_and_urgency()
    {
        var ticket = SlaTicket.NewTicket(Monday10);

        ticket.Route("VPN", "Network", Impact.High, Urgency.High, Monday10);

        Assert.Equal(Impact.High, ticket.State.Impact);
        Assert.Equal(Urgency.High, ticket.State.Urgency);
        Assert.Equal(Priority.Critical, ticket.Priority);
        var updated = Assert.Single(ticket.NewActivities, a => a.Type == ActivityType.FieldsUpdated);
        Assert.Equal(Actor.System, updated.Actor);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Impact"] = "Medium → High",
            ["Urgency"] = "Medium → High",
            ["priority"] = "Critical",
        }, updated.Data);
        Assert.Equal(TicketStatus.Assigned, ticket.Status);
        Assert.Equal("Network", ticket.State.AssignmentGroup);
    }

    [Fact]
    public void Routing_with_the_tickets_own_impact_and_urgency_logs_no_field_change()
    {
        var ticket = SlaTicket.NewTicket(Monday10);

        ticket.Route("fallback", "Servicedesk", Impact.Medium, null, Monday10);

        Assert.DoesNotContain(ticket.NewActivities, a => a.Type == ActivityType.FieldsUpdated);
        Assert.Equal(Priority.Moderate, ticket.Priority);
        Assert.Equal("fallback", ticket.NewActivities.Single(a => a.Type == ActivityType.AssignmentChanged).Data["rule"]);
    }

    [Fact]
    public void Routing_a_ticket_that_is_no_longer_new_is_refused()
    {
        var ticket = SlaTicket.NewTicket(Monday10);
        ticket.Assign("L1", null, null, Agent, Monday10);
        var before = ticket.NewActivities.Count;

        var error = Assert.Throws<DomainRuleException>(() => ticket.Route("VPN", "Network", Impact.High, null, Monday10));

        Assert.Equal("ticket.illegal-transition", error.Code);
        Assert.Equal("L1", ticket.State.AssignmentGroup);
        Assert.Equal(Impact.Medium, ticket.State.Impact);
        Assert.Equal(before, ticket.NewActivities.Count);
    }

    // ---- Vendor clock ----

    private static readonly VendorClock Vendor = new()
    {
        VendorId = "v-1",
        VendorName = "Skrivarbolaget AB",
        HandedOverAt = Utc(2026, 11, 23, 9),
        AcknowledgeDueAt = Utc(2026, 11, 23, 11),
        ResolveDueAt = Utc(2026, 11, 24, 9),
    };

    [Fact]
    public void A_vendor_clock_is_open_until_its_due_times_pass()
    {
        var now = Utc(2026, 11, 23, 10);

        Assert.Equal(SlaOutcome.Open, Vendor.Acknowledge(now));
        Assert.Equal(SlaOutcome.Open, Vendor.Resolve(now));
        Assert.Equal(SlaOutcome.Open, Vendor.Acknowledge(Utc(2026, 11, 23, 11)));
        Assert.Equal(SlaOutcome.Breached, Vendor.Acknowledge(Utc(2026, 11, 23, 11, 1)));
        Assert.Equal(SlaOutcome.Breached, Vendor.Resolve(Utc(2026, 11, 24, 9, 1)));
        Assert.Equal(TimeSpan.FromHours(1), Vendor.TimeWithVendor(now));
    }

    [Fact]
    public void A_vendor_that_acknowledges_in_time_and_resolves_late_is_met_then_breached()
    {
        var clock = Vendor with { AcknowledgedAt = Utc(2026, 11, 23, 11), ResolvedAt = Utc(2026, 11, 24, 10) };
        var later = Utc(2026, 11, 30, 9);

        Assert.Equal(SlaOutcome.Met, clock.Acknowledge(later)); // at the due instant is in time
        Assert.Equal(SlaOutcome.Breached, clock.Resolve(later));
        Assert.Equal(TimeSpan.FromHours(25), clock.TimeWithVendor(later)); // until resolved, not until now
    }

    [Fact]
    public void A_vendor_that_resolves_in_time_without_acknowledging_has_met_both()
    {
        var clock = Vendor with { ResolvedAt = Utc(2026, 11, 23, 10, 30) };

        Assert.Equal(SlaOutcome.Met, clock.Acknowledge(Utc(2026, 11, 25, 9)));
        Assert.Equal(SlaOutcome.Met, clock.Resolve(Utc(2026, 11, 25, 9)));
        Assert.Equal(TimeSpan.FromMinutes(90), clock.TimeWithVendor(Utc(2026, 11, 25, 9)));
    }

    [Fact]
    public void The_ticket_keeps_the_first_acknowledgement_and_resolution_of_its_vendor()
    {
        var ticket = SlaTicket.NewTicket(Monday10);

        ticket.StartVendorClock(Vendor);
        ticket.RecordVendorAcknowledged(Utc(2026, 11, 23, 10));
        ticket.RecordVendorAcknowledged(Utc(2026, 11, 23, 12));
        ticket.StartVendorClock(Vendor); // the same hand-over again keeps the clock
        ticket.RecordVendorResolved(Utc(2026, 11, 24, 8));
        ticket.RecordVendorResolved(Utc(2026, 11, 24, 10));

        var clock = ticket.State.Vendor!;
        Assert.Equal(Utc(2026, 11, 23, 10), clock.AcknowledgedAt);
        Assert.Equal(Utc(2026, 11, 24, 8), clock.ResolvedAt);
        Assert.Equal(SlaOutcome.Met, clock.Acknowledge(Utc(2026, 11, 25, 8)));
        Assert.Equal(SlaOutcome.Met, clock.Resolve(Utc(2026, 11, 25, 8)));
        Assert.Equal(TimeSpan.FromHours(23), clock.TimeWithVendor(Utc(2026, 11, 25, 8)));
    }

    [Fact]
    public void A_vendor_resolution_without_acknowledgement_counts_as_acknowledged_and_a_new_hand_over_restarts()
    {
        var ticket = SlaTicket.NewTicket(Monday10);
        ticket.StartVendorClock(Vendor);

        ticket.RecordVendorResolved(Utc(2026, 11, 23, 12));
        Assert.Equal(Utc(2026, 11, 23, 12), ticket.State.Vendor!.AcknowledgedAt);
        Assert.Equal(SlaOutcome.Breached, ticket.State.Vendor.Acknowledge(Utc(2026, 11, 23, 12))); // due 11:00

        var again = Vendor with { HandedOverAt = Utc(2026, 11, 25, 9), AcknowledgeDueAt = Utc(2026, 11, 25, 11), ResolveDueAt = Utc(2026, 11, 26, 9) };
        ticket.StartVendorClock(again);
        Assert.Equal(again, ticket.State.Vendor);
        Assert.Equal(SlaOutcome.Open, ticket.State.Vendor.Resolve(Utc(2026, 11, 25, 10)));
    }
}
