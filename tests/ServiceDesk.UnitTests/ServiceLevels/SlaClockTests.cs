using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Tickets;
using static ServiceDesk.UnitTests.ServiceLevels.Times;

namespace ServiceDesk.UnitTests.ServiceLevels;

/// <summary>
/// The service level clock maths, driven as the application drives it: clocks started when the ticket opens and
/// advanced after every change. The week of Monday 23 November 2026 has no holidays (Stockholm is at UTC+1).
/// </summary>
public sealed class SlaClockTests
{
    private static readonly Actor Agent = SlaTicket.Agent;

    private static readonly SlaPolicy P3 = new()
    {
        Name = "P3",
        Priority = Priority.Moderate,
        FirstResponse = TimeSpan.FromHours(1),
        Resolution = TimeSpan.FromHours(8),
        Fulfilment = TimeSpan.FromHours(16),
    };

    /// <summary>Only a resolution target, default escalation steps (50, 75, 100).</summary>
    private static readonly SlaPolicy ResolutionOnly = new() { Name = "R8", Resolution = TimeSpan.FromHours(8) };

    private static readonly DateTimeOffset Monday10 = Stockholm(2026, 11, 23, 10);

    private static void AssignAndStart(Ticket t, DateTimeOffset now)
    {
        t.Assign("L1", "a-1", "Erik", Agent, now);
        t.Start(Agent, now);
    }

    // ---- Start ----

    [Fact]
    public void Clocks_start_at_open_and_are_due_after_the_target_in_business_time()
    {
        var t = SlaTicket.Open(P3, Monday10);
        var sla = t.Sla;

        Assert.Equal("P3", sla.PolicyName);
        Assert.Equal(1, sla.PolicyVersion);
        Assert.Equal(SlaPolicy.BusinessCalendarName, sla.Calendar);
        Assert.Equal([SlaTargetKind.FirstResponse, SlaTargetKind.Resolution], sla.Targets.Select(c => c.Kind));
        foreach (var clock in sla.Targets)
        {
            Assert.Equal(TimeSpan.Zero, clock.Elapsed);
            Assert.Equal(Monday10, clock.CountedUntil);
            Assert.True(clock.Running);
            Assert.Equal(SlaOutcome.Open, clock.Outcome);
            Assert.Null(clock.BreachedAt);
            Assert.Null(clock.StoppedAt);
            Assert.Equal(0, clock.EscalationsDone);
            Assert.Equal(0, clock.PercentUsed);
        }
        Assert.Equal(TimeSpan.FromHours(1), t.Clock(SlaTargetKind.FirstResponse).Target);
        AssertUtc(Utc(2026, 11, 23, 10), t.Clock(SlaTargetKind.FirstResponse).DueAt!.Value); // 11:00
        Assert.Equal(TimeSpan.FromHours(8), t.Clock(SlaTargetKind.Resolution).Target);
        // Monday 10–17 is 7 h, the last hour on Tuesday 08–09.
        AssertUtc(Utc(2026, 11, 24, 8), t.Clock(SlaTargetKind.Resolution).DueAt!.Value);
        Assert.Equal(Utc(2026, 11, 23, 10), sla.DueAt);
        // The next escalation: 50 % of the first response (30 min).
        Assert.Equal(Utc(2026, 11, 23, 9, 30), sla.NextEscalationAt);
        Assert.False(sla.Paused);
        Assert.False(sla.Breached);
    }

    [Fact]
    public void A_ticket_opened_outside_working_hours_counts_from_the_next_opening()
    {
        var t = SlaTicket.Open(P3, Stockholm(2026, 11, 21, 14)); // Saturday

        AssertUtc(Utc(2026, 11, 23, 8), t.Clock(SlaTargetKind.FirstResponse).DueAt!.Value); // Monday 09:00
        AssertUtc(Utc(2026, 11, 23, 15), t.Clock(SlaTargetKind.Resolution).DueAt!.Value); // Monday 16:00
        Assert.Equal(Utc(2026, 11, 23, 7, 30), t.Sla.NextEscalationAt); // Monday 08:30
    }

    [Fact]
    public void A_ticket_opened_on_a_weekday_evening_counts_from_the_next_morning()
    {
        var t = SlaTicket.Open(P3, Stockholm(2026, 11, 23, 18, 30));

        AssertUtc(Utc(2026, 11, 24, 8), t.Clock(SlaTargetKind.FirstResponse).DueAt!.Value); // Tuesday 09:00
        AssertUtc(Utc(2026, 11, 24, 15), t.Clock(SlaTargetKind.Resolution).DueAt!.Value); // Tuesday 16:00
    }

    [Fact]
    public void The_fulfilment_target_runs_only_for_service_requests()
    {
        var request = SlaTicket.Open(P3, Monday10, draft: SlaTicket.Draft(TicketKind.ServiceRequest));
        var incident = SlaTicket.Open(P3, Monday10);

        Assert.Equal(
            [SlaTargetKind.FirstResponse, SlaTargetKind.Resolution, SlaTargetKind.Fulfilment],
            request.Sla.Targets.Select(c => c.Kind));
        var fulfilment = request.Clock(SlaTargetKind.Fulfilment);
        Assert.Equal(TimeSpan.FromHours(16), fulfilment.Target);
        Assert.True(fulfilment.Running);
        // Monday 10–17 (7 h) and all of Tuesday (9 h).
        AssertUtc(Utc(2026, 11, 24, 16), fulfilment.DueAt!.Value);
        Assert.Null(incident.Sla.Find(SlaTargetKind.Fulfilment));
    }

    [Fact]
    public void A_service_request_under_a_policy_without_fulfilment_target_has_no_fulfilment_clock()
    {
        var t = SlaTicket.Open(P3 with { Fulfilment = null }, Monday10, draft: SlaTicket.Draft(TicketKind.ServiceRequest));

        Assert.Equal([SlaTargetKind.FirstResponse, SlaTargetKind.Resolution], t.Sla.Targets.Select(c => c.Kind));
    }

    [Fact]
    public void An_always_open_calendar_counts_weekends()
    {
        var policy = ResolutionOnly with { Calendar = SlaPolicy.AlwaysOpenCalendarName };
        var t = SlaTicket.Open(policy, Stockholm(2026, 11, 21, 14), BusinessCalendar.AlwaysOpen); // Saturday 14:00

        Assert.Equal(SlaPolicy.AlwaysOpenCalendarName, t.Sla.Calendar);
        AssertUtc(Utc(2026, 11, 21, 21), t.Clock(SlaTargetKind.Resolution).DueAt!.Value); // Saturday 22:00
        Assert.Equal(Utc(2026, 11, 21, 17), t.Sla.NextEscalationAt); // 50 %: 4 h
    }

    [Fact]
    public void A_ticket_opened_on_midsommarafton_at_16_55_is_due_monday_at_12_00()
    {
        var t = SlaTicket.Open(ResolutionOnly with { Resolution = TimeSpan.FromHours(4) }, Stockholm(2026, 6, 19, 16, 55));

        AssertUtc(Utc(2026, 6, 22, 10), t.Clock(SlaTargetKind.Resolution).DueAt!.Value); // 12:00 CEST
    }

    [Fact]
    public void A_ticket_opened_the_friday_before_the_october_clock_change_is_due_monday_at_14_00_winter_time()
    {
        // Friday 15–17 CEST (2 h), then the clocks go back on Sunday; Monday 08:00 CET (07:00Z) + 6 h.
        var t = SlaTicket.Open(ResolutionOnly, Stockholm(2026, 10, 23, 15));

        AssertUtc(Utc(2026, 10, 26, 13), t.Clock(SlaTargetKind.Resolution).DueAt!.Value);
    }

    // ---- First response ----

    [Fact]
    public void First_response_is_met_when_an_agent_starts_work()
    {
        var t = SlaTicket.Open(P3, Monday10);

        t.Do(Stockholm(2026, 11, 23, 10, 10), (x, now) => x.Assign("L1", "a-1", "Erik", Agent, now));
        var assigned = t.Clock(SlaTargetKind.FirstResponse);
        Assert.Equal(SlaOutcome.Open, assigned.Outcome);
        Assert.True(assigned.Running);
        Assert.Equal(TimeSpan.FromMinutes(10), assigned.Elapsed);

        var started = Stockholm(2026, 11, 23, 10, 40);
        t.Do(started, (x, now) => x.Start(Agent, now));
        var response = t.Clock(SlaTargetKind.FirstResponse);
        Assert.Equal(started, t.Ticket.State.FirstResponseAt);
        Assert.Equal(SlaOutcome.Met, response.Outcome);
        Assert.False(response.Running);
        Assert.Null(response.DueAt);
        Assert.Equal(started, response.StoppedAt);
        Assert.Null(response.BreachedAt);
        Assert.Equal(TimeSpan.FromMinutes(40), response.Elapsed);
        Assert.Equal(66, response.PercentUsed);
        // The resolution clock keeps running and is now the earliest due.
        Assert.True(t.Clock(SlaTargetKind.Resolution).Running);
        Assert.Equal(Utc(2026, 11, 24, 8), t.Sla.DueAt);
    }

    [Fact]
    public void A_late_first_response_is_breached_at_the_instant_the_target_was_crossed()
    {
        // Opened Monday 16:30: 30 min on Monday, 30 min on Tuesday → due Tuesday 08:30 (07:30Z).
        var t = SlaTicket.Open(P3, Stockholm(2026, 11, 23, 16, 30));
        var started = Stockholm(2026, 11, 24, 10);

        t.Do(started, AssignAndStart);

        var response = t.Clock(SlaTargetKind.FirstResponse);
        Assert.Equal(SlaOutcome.Breached, response.Outcome);
        Assert.Equal(Utc(2026, 11, 24, 7, 30), response.BreachedAt);
        Assert.Equal(started, response.StoppedAt);
        Assert.Equal(TimeSpan.FromMinutes(150), response.Elapsed);
        Assert.False(response.Running);
        Assert.Null(response.DueAt);
        Assert.True(t.Sla.Breached);
    }

    [Fact]
    public void A_breach_noticed_by_a_later_advance_keeps_the_crossing_instant_and_stays_after_the_response()
    {
        var t = SlaTicket.Open(P3, Monday10);

        t.Advance(Stockholm(2026, 11, 23, 15));
        var noticed = t.Clock(SlaTargetKind.FirstResponse);
        Assert.Equal(SlaOutcome.Breached, noticed.Outcome);
        Assert.Equal(Utc(2026, 11, 23, 10), noticed.BreachedAt); // 11:00
        Assert.True(noticed.Running);
        Assert.Equal(Utc(2026, 11, 23, 10), noticed.DueAt); // a breached clock is due at its breach
        Assert.Equal(TimeSpan.FromHours(5), noticed.Elapsed);
        Assert.Equal(500, noticed.PercentUsed);

        var started = Stockholm(2026, 11, 23, 15, 30);
        t.Do(started, AssignAndStart);
        var stopped = t.Clock(SlaTargetKind.FirstResponse);
        Assert.Equal(SlaOutcome.Breached, stopped.Outcome);
        Assert.Equal(Utc(2026, 11, 23, 10), stopped.BreachedAt);
        Assert.Equal(started, stopped.StoppedAt);
        Assert.Equal(TimeSpan.FromHours(5.5), stopped.Elapsed);
    }

    // ---- Pause ----

    [Fact]
    public void Waiting_for_the_customer_pauses_and_a_resume_continues_from_the_elapsed_time()
    {
        var t = SlaTicket.Open(P3, Monday10);
        t.Do(Stockholm(2026, 11, 23, 10, 30), AssignAndStart);

        var pendingSince = Stockholm(2026, 11, 23, 12);
        t.Do(pendingSince, (x, now) => x.Pend(PendingReason.WaitingForCustomer, "Vilken skrivare?", Agent, now));
        var paused = t.Clock(SlaTargetKind.Resolution);
        Assert.False(paused.Running);
        Assert.Null(paused.DueAt);
        Assert.Equal(SlaOutcome.Open, paused.Outcome);
        Assert.Equal(TimeSpan.FromHours(2), paused.Elapsed);
        Assert.True(t.Sla.Paused);
        Assert.Null(t.Sla.DueAt);
        Assert.Null(t.Sla.NextEscalationAt);

        // Two days later (the escalation timer or another change): nothing counted.
        t.Advance(Stockholm(2026, 11, 25, 12));
        Assert.Equal(TimeSpan.FromHours(2), t.Clock(SlaTargetKind.Resolution).Elapsed);
        Assert.Null(t.Clock(SlaTargetKind.Resolution).DueAt);

        // Resumed Wednesday 14:00 with 6 h left: Wednesday 14–17 and Thursday 08–11.
        t.Do(Stockholm(2026, 11, 25, 14), (x, now) => x.Start(Agent, now));
        var resumed = t.Clock(SlaTargetKind.Resolution);
        Assert.True(resumed.Running);
        Assert.Equal(TimeSpan.FromHours(2), resumed.Elapsed);
        Assert.Equal(Utc(2026, 11, 26, 10), resumed.DueAt);
        Assert.False(t.Sla.Paused);
        Assert.Equal(Utc(2026, 11, 26, 10), t.Sla.DueAt);
    }

    [Fact]
    public void Waiting_for_a_third_party_does_not_pause_under_the_default_pause_reasons()
    {
        var t = SlaTicket.Open(P3, Monday10);
        t.Do(Stockholm(2026, 11, 23, 10, 30), AssignAndStart);

        t.Do(Stockholm(2026, 11, 23, 12), (x, now) => x.Pend(PendingReason.WaitingForThirdParty, null, Agent, now));
        var pending = t.Clock(SlaTargetKind.Resolution);
        Assert.True(pending.Running);
        Assert.Equal(Utc(2026, 11, 24, 8), pending.DueAt);
        Assert.False(t.Sla.Paused);

        t.Advance(Stockholm(2026, 11, 23, 14));
        Assert.Equal(TimeSpan.FromHours(4), t.Clock(SlaTargetKind.Resolution).Elapsed);
        Assert.Equal(Utc(2026, 11, 24, 8), t.Clock(SlaTargetKind.Resolution).DueAt);
    }

    [Fact]
    public void Waiting_for_a_third_party_pauses_when_the_policy_names_it()
    {
        var policy = P3 with { PauseOn = [PendingReason.WaitingForCustomer, PendingReason.WaitingForThirdParty] };
        var t = SlaTicket.Open(policy, Monday10);
        t.Do(Stockholm(2026, 11, 23, 10, 30), AssignAndStart);

        t.Do(Stockholm(2026, 11, 23, 12), (x, now) => x.Pend(PendingReason.WaitingForThirdParty, null, Agent, now));
        t.Advance(Stockholm(2026, 11, 23, 14));

        var pending = t.Clock(SlaTargetKind.Resolution);
        Assert.False(pending.Running);
        Assert.Null(pending.DueAt);
        Assert.Equal(TimeSpan.FromHours(2), pending.Elapsed);
        Assert.True(t.Sla.Paused);
    }

    [Fact]
    public void Fulfilment_pauses_while_waiting_for_approval_even_when_the_policy_pauses_on_nothing()
    {
        var policy = new SlaPolicy
        {
            Name = "REQ",
            Resolution = TimeSpan.FromHours(24),
            Fulfilment = TimeSpan.FromHours(16),
            PauseOn = [],
        };
        var t = SlaTicket.Open(policy, Monday10, draft: SlaTicket.Draft(TicketKind.ServiceRequest));

        t.Do(Monday10, (x, now) => x.AwaitApproval("Chefen godkänner", Agent, now));
        var waiting = t.Clock(SlaTargetKind.Fulfilment);
        Assert.False(waiting.Running);
        Assert.Null(waiting.DueAt);
        Assert.Equal(SlaOutcome.Open, waiting.Outcome);
        // The resolution clock runs on: Monday 7 h, Tuesday 9 h, Wednesday 8 h.
        var resolution = t.Clock(SlaTargetKind.Resolution);
        Assert.True(resolution.Running);
        Assert.Equal(Utc(2026, 11, 25, 15), resolution.DueAt);

        t.Do(Stockholm(2026, 11, 24, 10), (x, now) => x.RouteAfterApproval("L1", "Godkänd", Agent, now));
        var approved = t.Clock(SlaTargetKind.Fulfilment);
        Assert.True(approved.Running);
        Assert.Equal(TimeSpan.Zero, approved.Elapsed);
        // 16 h from Tuesday 10:00: Tuesday 7 h, Wednesday 9 h.
        Assert.Equal(Utc(2026, 11, 25, 16), approved.DueAt);
        Assert.Equal(TimeSpan.FromHours(9), t.Clock(SlaTargetKind.Resolution).Elapsed);
        Assert.Equal(Utc(2026, 11, 25, 15), t.Clock(SlaTargetKind.Resolution).DueAt);
    }

    // ---- Stop, reopen, cancel ----

    [Fact]
    public void Resolving_meets_the_resolution_target_and_a_reopen_continues_from_the_elapsed_time()
    {
        var t = SlaTicket.Open(P3, Monday10);
        t.Do(Stockholm(2026, 11, 23, 10, 30), AssignAndStart);

        var resolvedAt = Stockholm(2026, 11, 23, 13);
        t.Do(resolvedAt, (x, now) => x.Resolve(ResolutionCode.Solved, "Ny toner", Agent, now));
        var resolved = t.Clock(SlaTargetKind.Resolution);
        Assert.Equal(SlaOutcome.Met, resolved.Outcome);
        Assert.Equal(resolvedAt, resolved.StoppedAt);
        Assert.False(resolved.Running);
        Assert.Null(resolved.DueAt);
        Assert.Equal(TimeSpan.FromHours(3), resolved.Elapsed);
        Assert.Null(t.Sla.NextEscalationAt);
        Assert.False(t.Sla.Paused);

        // Reopened the next morning: the time while resolved does not count.
        t.Do(Stockholm(2026, 11, 24, 9), (x, now) => x.Reopen("Skriver fortfarande inte", SlaTicket.Requester, now));
        var reopened = t.Clock(SlaTargetKind.Resolution);
        Assert.Equal(TicketStatus.InProgress, t.Ticket.Status);
        Assert.Equal(SlaOutcome.Open, reopened.Outcome);
        Assert.True(reopened.Running);
        Assert.Null(reopened.StoppedAt);
        Assert.Equal(TimeSpan.FromHours(3), reopened.Elapsed);
        Assert.Equal(Utc(2026, 11, 24, 13), reopened.DueAt); // 09:00 + 5 h
        // The first response stays met.
        Assert.Equal(SlaOutcome.Met, t.Clock(SlaTargetKind.FirstResponse).Outcome);
        Assert.Equal(Stockholm(2026, 11, 23, 10, 30), t.Clock(SlaTargetKind.FirstResponse).StoppedAt);

        t.Advance(Stockholm(2026, 11, 24, 10));
        Assert.Equal(TimeSpan.FromHours(4), t.Clock(SlaTargetKind.Resolution).Elapsed);
    }

    [Fact]
    public void A_breach_stays_a_breach_after_a_reopen()
    {
        var t = SlaTicket.Open(P3, Monday10);
        t.Do(Stockholm(2026, 11, 23, 10, 30), AssignAndStart);

        var resolvedAt = Stockholm(2026, 11, 24, 12);
        t.Do(resolvedAt, (x, now) => x.Resolve(ResolutionCode.Solved, "Ny toner", Agent, now));
        var resolved = t.Clock(SlaTargetKind.Resolution);
        Assert.Equal(SlaOutcome.Breached, resolved.Outcome);
        Assert.Equal(Utc(2026, 11, 24, 8), resolved.BreachedAt); // Tuesday 09:00
        Assert.Equal(resolvedAt, resolved.StoppedAt);
        Assert.Equal(TimeSpan.FromHours(11), resolved.Elapsed);

        t.Do(Stockholm(2026, 11, 25, 10), (x, now) => x.Reopen("Igen", SlaTicket.Requester, now));
        var reopened = t.Clock(SlaTargetKind.Resolution);
        Assert.Equal(SlaOutcome.Breached, reopened.Outcome);
        Assert.True(reopened.Running);
        Assert.Null(reopened.StoppedAt);
        Assert.Equal(Utc(2026, 11, 24, 8), reopened.BreachedAt);
        Assert.Equal(Utc(2026, 11, 24, 8), reopened.DueAt);
        Assert.Equal(TimeSpan.FromHours(11), reopened.Elapsed);

        t.Advance(Stockholm(2026, 11, 25, 11));
        Assert.Equal(TimeSpan.FromHours(12), t.Clock(SlaTargetKind.Resolution).Elapsed);
        Assert.Equal(Utc(2026, 11, 24, 8), t.Clock(SlaTargetKind.Resolution).BreachedAt);
        Assert.True(t.Sla.Breached);
    }

    [Fact]
    public void Cancelling_cancels_the_open_targets()
    {
        var t = SlaTicket.Open(P3, Monday10);
        var cancelledAt = Stockholm(2026, 11, 23, 10, 20);

        t.Do(cancelledAt, (x, now) => x.Cancel("Behövs inte", SlaTicket.Requester, now));

        foreach (var clock in t.Sla.Targets)
        {
            Assert.Equal(SlaOutcome.Cancelled, clock.Outcome);
            Assert.False(clock.Running);
            Assert.Null(clock.DueAt);
            Assert.Equal(cancelledAt, clock.StoppedAt);
            Assert.Equal(TimeSpan.FromMinutes(20), clock.Elapsed);
        }
        Assert.False(t.Sla.Breached);
        Assert.False(t.Sla.Paused);
        Assert.Null(t.Sla.DueAt);
        Assert.Null(t.Sla.NextEscalationAt);
    }

    [Fact]
    public void Cancelling_keeps_a_met_first_response()
    {
        var t = SlaTicket.Open(P3, Monday10);
        t.Do(Stockholm(2026, 11, 23, 10, 30), AssignAndStart);

        t.Do(Stockholm(2026, 11, 23, 11), (x, now) => x.Cancel("Dubblett", Agent, now));

        Assert.Equal(SlaOutcome.Met, t.Clock(SlaTargetKind.FirstResponse).Outcome);
        Assert.Equal(Stockholm(2026, 11, 23, 10, 30), t.Clock(SlaTargetKind.FirstResponse).StoppedAt);
        Assert.Equal(SlaOutcome.Cancelled, t.Clock(SlaTargetKind.Resolution).Outcome);
        Assert.Equal(Stockholm(2026, 11, 23, 11), t.Clock(SlaTargetKind.Resolution).StoppedAt);
    }

    // ---- Priority change ----

    private static readonly SlaPolicySet PolicySet = new(
        "contoso",
        3,
        [
            new SlaPolicy { Name = "P2 incident", Priority = Priority.High, Kind = TicketKind.Incident, FirstResponse = TimeSpan.FromMinutes(30), Resolution = TimeSpan.FromHours(4) },
            new SlaPolicy { Name = "P2 request", Priority = Priority.High, Kind = TicketKind.ServiceRequest, FirstResponse = TimeSpan.FromMinutes(30), Fulfilment = TimeSpan.FromHours(8) },
            new SlaPolicy { Name = "P3 incident", Priority = Priority.Moderate, Kind = TicketKind.Incident, FirstResponse = TimeSpan.FromHours(1), Resolution = TimeSpan.FromHours(8) },
            new SlaPolicy { Name = "P3 request", Priority = Priority.Moderate, Kind = TicketKind.ServiceRequest, FirstResponse = TimeSpan.FromHours(1), Fulfilment = TimeSpan.FromHours(16) },
        ],
        "chef@contoso.se",
        "Cecilia Chef",
        Language.Sv,
        Utc(2026, 11, 1, 0),
        "admin");

    [Fact]
    public void A_priority_change_takes_the_target_of_the_policy_that_matches_now_and_keeps_the_elapsed_time()
    {
        var ticket = SlaTicket.NewTicket(Monday10);
        var t = SlaTicket.Open(PolicySet.Match(ticket.State)!, Monday10);
        Assert.Equal("P3 incident", t.Sla.PolicyName);
        t.Do(Stockholm(2026, 11, 23, 10, 30), AssignAndStart);

        // Raised to P2 at 13:00 with 3 h used of the new 4 h.
        var raisedAt = Stockholm(2026, 11, 23, 13);
        t.Ticket.Update(new TicketChanges { Impact = Impact.High }, Agent, raisedAt);
        Assert.Equal(Priority.High, t.Ticket.Priority);
        t.Policy = PolicySet.Match(t.Ticket.State)!;
        t.Advance(raisedAt);

        Assert.Equal("P2 incident", t.Sla.PolicyName);
        var raised = t.Clock(SlaTargetKind.Resolution);
        Assert.Equal(TimeSpan.FromHours(4), raised.Target);
        Assert.Equal(TimeSpan.FromHours(3), raised.Elapsed);
        Assert.Equal(SlaOutcome.Open, raised.Outcome);
        Assert.Equal(Utc(2026, 11, 23, 13), raised.DueAt); // 14:00
        Assert.Equal(75, raised.PercentUsed);
        // The first response was met within the old hour; the new 30 min target does not undo that.
        var response = t.Clock(SlaTargetKind.FirstResponse);
        Assert.Equal(TimeSpan.FromMinutes(30), response.Target);
        Assert.Equal(SlaOutcome.Met, response.Outcome);
        // 50 % of the new target is already used: the next escalation is due now.
        Assert.Equal(raisedAt, t.Sla.NextEscalationAt);

        // Lowered back at 13:30: 3.5 h of 8 h used, 4.5 h left → Tuesday 09:00.
        var loweredAt = Stockholm(2026, 11, 23, 13, 30);
        t.Ticket.Update(new TicketChanges { Impact = Impact.Medium }, Agent, loweredAt);
        t.Policy = PolicySet.Match(t.Ticket.State)!;
        t.Advance(loweredAt);

        Assert.Equal("P3 incident", t.Sla.PolicyName);
        var lowered = t.Clock(SlaTargetKind.Resolution);
        Assert.Equal(TimeSpan.FromHours(8), lowered.Target);
        Assert.Equal(TimeSpan.FromHours(3.5), lowered.Elapsed);
        Assert.Equal(Utc(2026, 11, 24, 8), lowered.DueAt);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_priority_raised_after_the_new_target_is_used_up_breaches_at_the_change_however_often_the_clock_was_advanced(bool advancedInBetween)
    {
        var t = SlaTicket.Open(PolicySet.Match(SlaTicket.NewTicket(Monday10).State)!, Monday10);
        t.Do(Stockholm(2026, 11, 23, 10, 30), AssignAndStart);
        if (advancedInBetween)
        {
            // Another change (or the escalation timer) at 14:30: 4.5 h of the P3 ticket's 8 h, nothing breached.
            Assert.Equal(SlaOutcome.Open, t.Advance(Stockholm(2026, 11, 23, 14, 30)).Find(SlaTargetKind.Resolution)!.Outcome);
        }

        // Raised to P2 at 15:00 with 5 h used: the 4 h target applies from now, so it is breached now.
        var raisedAt = Stockholm(2026, 11, 23, 15);
        t.Ticket.Update(new TicketChanges { Impact = Impact.High }, Agent, raisedAt);
        t.Policy = PolicySet.Match(t.Ticket.State)!;
        t.Advance(raisedAt);

        var raised = t.Clock(SlaTargetKind.Resolution);
        Assert.Equal(TimeSpan.FromHours(4), raised.Target);
        Assert.Equal(TimeSpan.FromHours(5), raised.Elapsed);
        Assert.Equal(SlaOutcome.Breached, raised.Outcome);
        Assert.Equal(raisedAt, raised.BreachedAt);
        Assert.Equal(raisedAt, raised.DueAt);
        var logged = Assert.Single(t.Ticket.NewActivities, a => a.Type == ActivityType.SlaBreached);
        Assert.Equal(raisedAt, DateTimeOffset.Parse(logged.Data["breachedAt"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void A_first_response_at_the_due_instant_is_met()
    {
        var t = SlaTicket.Open(P3, Monday10);
        var dueAt = t.Clock(SlaTargetKind.FirstResponse).DueAt!.Value;

        t.Do(dueAt, AssignAndStart);

        var response = t.Clock(SlaTargetKind.FirstResponse);
        Assert.Equal(TimeSpan.FromHours(1), response.Elapsed);
        Assert.Equal(SlaOutcome.Met, response.Outcome);
        Assert.Null(response.BreachedAt);
        Assert.Equal(dueAt, response.StoppedAt);
        Assert.DoesNotContain(t.Ticket.NewActivities, a => a.Type == ActivityType.SlaBreached);
    }

    [Fact]
    public void A_running_clock_advanced_to_its_due_instant_is_breached_then()
    {
        // The escalation timer fires at the due instant (the 100 % step): the breach is noticed there.
        var t = SlaTicket.Open(ResolutionOnly, Monday10);
        var dueAt = t.Clock(SlaTargetKind.Resolution).DueAt!.Value;

        t.Advance(dueAt);

        var resolution = t.Clock(SlaTargetKind.Resolution);
        Assert.Equal(SlaOutcome.Breached, resolution.Outcome);
        Assert.Equal(dueAt, resolution.BreachedAt);
        Assert.True(resolution.Running);
        Assert.Equal(3, SlaClock.DueEscalations(t.Sla, ResolutionOnly).Count);
    }

    [Theory]
    [InlineData(TicketKind.Incident, Impact.Medium, Urgency.Medium, "P3 incident")]
    [InlineData(TicketKind.Incident, Impact.High, Urgency.Medium, "P2 incident")]
    [InlineData(TicketKind.Incident, Impact.Medium, Urgency.High, "P2 incident")]
    [InlineData(TicketKind.ServiceRequest, Impact.Medium, Urgency.Medium, "P3 request")]
    [InlineData(TicketKind.ServiceRequest, Impact.High, Urgency.Medium, "P2 request")]
    [InlineData(TicketKind.Incident, Impact.High, Urgency.High, null)] // P1: no policy
    [InlineData(TicketKind.Problem, Impact.Medium, Urgency.Medium, null)]
    public void A_policy_set_matches_on_priority_and_kind(TicketKind kind, Impact impact, Urgency urgency, string? expected)
    {
        var ticket = SlaTicket.NewTicket(Monday10, SlaTicket.Draft(kind, impact, urgency));

        Assert.Equal(expected, PolicySet.Match(ticket.State)?.Name);
    }

    [Fact]
    public void The_first_matching_policy_of_a_set_wins_and_categories_and_services_compare_without_case()
    {
        var set = PolicySet with
        {
            Policies =
            [
                new SlaPolicy { Name = "printers", Category = "printing", Resolution = TimeSpan.FromHours(2) },
                new SlaPolicy { Name = "mail", Service = "E-post", Resolution = TimeSpan.FromHours(3) },
                .. PolicySet.Policies,
            ],
        };
        var printing = SlaTicket.NewTicket(Monday10, SlaTicket.Draft(category: "Printing"));
        var network = SlaTicket.NewTicket(Monday10, SlaTicket.Draft(category: "Network"));
        var mail = Ticket.Restore(network.State with { Service = "e-post" });
        var uncategorised = SlaTicket.NewTicket(Monday10, SlaTicket.Draft(category: null));

        Assert.Equal("printers", set.Match(printing.State)?.Name);
        Assert.Equal("P3 incident", set.Match(network.State)?.Name);
        Assert.Equal("mail", set.Match(mail.State)?.Name);
        Assert.Equal("P3 incident", set.Match(uncategorised.State)?.Name);
    }

    // ---- Escalation steps ----

    [Fact]
    public void At_half_the_target_one_functional_step_is_due()
    {
        var t = SlaTicket.Open(ResolutionOnly, Stockholm(2026, 11, 23, 8));
        Assert.Empty(SlaClock.DueEscalations(t.Sla, ResolutionOnly));
        Assert.Equal(Utc(2026, 11, 23, 11), t.Sla.NextEscalationAt); // 12:00

        Assert.Empty(SlaClock.DueEscalations(t.Advance(Stockholm(2026, 11, 23, 11, 59)), ResolutionOnly));
        var due = SlaClock.DueEscalations(t.Advance(Stockholm(2026, 11, 23, 12)), ResolutionOnly);

        var step = Assert.Single(due);
        Assert.Equal(new DueEscalation(SlaTargetKind.Resolution, 0, new EscalationStep(50, EscalationLevel.Functional)), step);
    }

    [Fact]
    public void At_eighty_percent_with_no_step_taken_both_the_50_and_75_steps_are_due()
    {
        var t = SlaTicket.Open(ResolutionOnly, Stockholm(2026, 11, 23, 8));

        var sla = t.Advance(Stockholm(2026, 11, 23, 14, 24)); // 6 h 24 min of 8 h
        var due = SlaClock.DueEscalations(sla, ResolutionOnly);

        Assert.Equal(80, t.Clock(SlaTargetKind.Resolution).PercentUsed);
        Assert.Equal(
        [
            new DueEscalation(SlaTargetKind.Resolution, 0, new EscalationStep(50, EscalationLevel.Functional)),
            new DueEscalation(SlaTargetKind.Resolution, 1, new EscalationStep(75, EscalationLevel.Hierarchical)),
        ], due);
    }

    [Fact]
    public void A_paused_target_has_no_due_escalations()
    {
        var t = SlaTicket.Open(ResolutionOnly, Stockholm(2026, 11, 23, 8));
        t.Do(Stockholm(2026, 11, 23, 8), AssignAndStart);

        var sla = t.Do(Stockholm(2026, 11, 23, 14, 24), (x, now) => x.Pend(PendingReason.WaitingForCustomer, null, Agent, now));

        Assert.Equal(80, t.Clock(SlaTargetKind.Resolution).PercentUsed);
        Assert.Empty(SlaClock.DueEscalations(sla, ResolutionOnly));
        Assert.Null(sla.NextEscalationAt);
    }

    [Fact]
    public void Once_every_step_is_taken_none_is_due_and_no_escalation_is_next()
    {
        var t = SlaTicket.Open(ResolutionOnly, Stockholm(2026, 11, 23, 8));
        var now = Stockholm(2026, 11, 24, 9); // 10 h: breached
        var due = SlaClock.DueEscalations(t.Advance(now), ResolutionOnly);
        Assert.Equal([0, 1, 2], due.Select(d => d.StepIndex));
        Assert.Equal(now, t.Sla.NextEscalationAt); // overdue steps are due at once

        foreach (var step in due)
        {
            Assert.True(t.Ticket.Escalate(step, [], now));
        }
        var sla = t.Advance(now);

        Assert.Equal(3, t.Clock(SlaTargetKind.Resolution).EscalationsDone);
        Assert.Empty(SlaClock.DueEscalations(sla, ResolutionOnly));
        Assert.Null(sla.NextEscalationAt);
        Assert.Empty(SlaClock.DueEscalations(t.Advance(Stockholm(2026, 11, 25, 9)), ResolutionOnly));
    }

    [Fact]
    public void The_next_escalation_is_in_business_time_and_moves_on_after_each_step()
    {
        // Opened Monday 14:00: 50 % (4 h) is Tuesday 09:00, 75 % (6 h) Tuesday 11:00, 100 % Tuesday 13:00.
        var t = SlaTicket.Open(ResolutionOnly, Stockholm(2026, 11, 23, 14));
        Assert.Equal(Utc(2026, 11, 24, 8), t.Sla.NextEscalationAt);

        var first = Stockholm(2026, 11, 24, 9);
        t.Advance(first);
        Assert.True(t.Ticket.Escalate(Assert.Single(SlaClock.DueEscalations(t.Sla, ResolutionOnly)), [], first));
        Assert.Equal(Utc(2026, 11, 24, 10), t.Advance(first).NextEscalationAt);

        var second = Stockholm(2026, 11, 24, 11);
        t.Advance(second);
        var step = Assert.Single(SlaClock.DueEscalations(t.Sla, ResolutionOnly));
        Assert.Equal(1, step.StepIndex);
        Assert.True(t.Ticket.Escalate(step, [], second));
        var sla = t.Advance(second);
        Assert.Equal(Utc(2026, 11, 24, 12), sla.NextEscalationAt);
        Assert.Equal(sla.DueAt, sla.NextEscalationAt);
    }
}
