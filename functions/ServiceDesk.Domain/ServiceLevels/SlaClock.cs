using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Domain.ServiceLevels;

/// <summary>An escalation step that is due for one target of a ticket.</summary>
public sealed record DueEscalation(SlaTargetKind Target, int StepIndex, EscalationStep Step);

/// <summary>
/// The service level clock maths: pure functions of the previous clocks, the ticket as it is now, its policy and a
/// business calendar. Time counts only while a clock runs; a clock pauses while the ticket is pending for a reason the
/// policy names (fulfilment always pauses while waiting for approval), stops when its target is done (first response
/// given; resolved, closed or cancelled), and a reopen lets the resolution and fulfilment clocks continue from their
/// elapsed time. A priority change keeps the elapsed time and takes the target of the policy that matches now.
/// </summary>
public static class SlaClock
{
    private static readonly SlaTargetKind[] Kinds = Enum.GetValues<SlaTargetKind>();

    /// <summary>The clocks advanced to <paramref name="now"/> for the ticket as it is now (starting them when <paramref name="current"/> is null).</summary>
    public static SlaState Advance(SlaState? current, SlaPolicy policy, int policyVersion, TicketState ticket, BusinessCalendar calendar, DateTimeOffset now)
    {
        var targets = new List<SlaTargetState>();
        foreach (var kind in Kinds)
        {
            if (policy.TargetFor(kind, ticket.Kind) is not { } target)
            {
                continue;
            }
            var clock = current?.Find(kind) ?? new SlaTargetState { Kind = kind, Target = target, CountedUntil = ticket.CreatedAt, Running = true };
            targets.Add(AdvanceTarget(clock, target, policy, ticket, calendar, now));
        }
        var state = new SlaState
        {
            PolicyName = policy.Name,
            PolicyVersion = policyVersion,
            Calendar = policy.Calendar,
            Targets = targets,
        };
        return state with { NextEscalationAt = NextEscalation(state, policy, calendar, now) };
    }

    /// <summary>The escalation steps whose percentage of a running target has been reached and that were not taken yet.</summary>
    public static IReadOnlyList<DueEscalation> DueEscalations(SlaState state, SlaPolicy policy)
    {
        var due = new List<DueEscalation>();
        foreach (var clock in state.Targets.Where(t => t.Running))
        {
            for (var i = clock.EscalationsDone; i < policy.Escalation.Count; i++)
            {
                if (clock.Elapsed < Share(clock.Target, policy.Escalation[i].Percent))
                {
                    break;
                }
                due.Add(new DueEscalation(clock.Kind, i, policy.Escalation[i]));
            }
        }
        return due;
    }

    /// <summary>
    /// Counts the time up to <paramref name="now"/> against the target the clock had until now, then takes
    /// <paramref name="target"/> (another one after a priority change), which applies from <paramref name="now"/> on.
    /// </summary>
    private static SlaTargetState AdvanceTarget(SlaTargetState clock, TimeSpan target, SlaPolicy policy, TicketState ticket, BusinessCalendar calendar, DateTimeOffset now)
    {
        var from = clock.CountedUntil;
        var elapsedBefore = clock.Elapsed;
        if (clock.Running && now > from)
        {
            clock = clock with { Elapsed = clock.Elapsed + calendar.Between(from, now) };
        }
        clock = clock with { CountedUntil = now > from ? now : from };

        var cancelled = ticket.Status == TicketStatus.Cancelled;
        var resolved = ticket.Status is TicketStatus.Resolved or TicketStatus.Closed;
        var done = clock.Kind == SlaTargetKind.FirstResponse
            ? ticket.FirstResponseAt is not null || resolved || cancelled || clock.StoppedAt is not null
            : resolved || cancelled;
        // Done at the very instant the target is reached is in time (as the vendor clock counts it); a clock that
        // goes on running is breached at that instant (the escalation timer's 100 % step notices it there).
        bool UsedUp(SlaTargetState c) => c.Outcome == SlaOutcome.Open && (c.Elapsed > c.Target || (c.Elapsed == c.Target && !done));

        if (UsedUp(clock))
        {
            var crossedAt = clock.Running && clock.Target > elapsedBefore ? calendar.Add(from, clock.Target - elapsedBefore) : now;
            clock = clock with { Outcome = SlaOutcome.Breached, BreachedAt = crossedAt < now ? crossedAt : now };
        }
        clock = clock with { Target = target };
        if (UsedUp(clock))
        {
            // A shorter target that is already used up: breached the moment it applies.
            clock = clock with { Outcome = SlaOutcome.Breached, BreachedAt = now };
        }

        if (done)
        {
            var outcome = clock.Outcome switch
            {
                SlaOutcome.Open when cancelled => SlaOutcome.Cancelled,
                SlaOutcome.Open => SlaOutcome.Met,
                var o => o,
            };
            return clock with { Running = false, DueAt = null, Outcome = outcome, StoppedAt = clock.StoppedAt ?? now };
        }

        var paused = ticket.Status == TicketStatus.Pending && ticket.PendingReason is { } reason &&
                     (policy.PauseOn.Contains(reason) || (clock.Kind == SlaTargetKind.Fulfilment && reason == PendingReason.WaitingForApproval));
        clock = clock with
        {
            Running = !paused,
            StoppedAt = null,
            // A reopened ticket's resolution clock continues: met becomes open again, a breach stays a breach.
            Outcome = clock.Outcome is SlaOutcome.Met or SlaOutcome.Cancelled ? SlaOutcome.Open : clock.Outcome,
        };
        var dueAt = paused ? (DateTimeOffset?)null
            : clock.Outcome == SlaOutcome.Breached ? clock.BreachedAt
            : calendar.Add(now, clock.Target - clock.Elapsed);
        return clock with { DueAt = dueAt };
    }

    private static DateTimeOffset? NextEscalation(SlaState state, SlaPolicy policy, BusinessCalendar calendar, DateTimeOffset now)
    {
        DateTimeOffset? next = null;
        foreach (var clock in state.Targets.Where(t => t.Running && t.EscalationsDone < policy.Escalation.Count))
        {
            var left = Share(clock.Target, policy.Escalation[clock.EscalationsDone].Percent) - clock.Elapsed;
            var at = left <= TimeSpan.Zero ? now : calendar.Add(now, left);
            if (next is null || at < next)
            {
                next = at;
            }
        }
        return next;
    }

    private static TimeSpan Share(TimeSpan target, int percent) => TimeSpan.FromTicks(target.Ticks / 100 * percent);
}
