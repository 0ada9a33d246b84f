using ServiceDesk.Application.Common;
using ServiceDesk.Application.Staff;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.ServiceLevels;

/// <summary>
/// The escalation timer's work: read the tickets whose next escalation step is due from the due index (its cost grows
/// with what is due, not with what is open), and for each take the due steps on the one ticket write path. Each step
/// is recorded on the ticket once (two runners at the same moment race on the ticket's ETag; the loser re-applies to
/// the saved ticket and finds the step taken); the notification mails follow from the recorded step through the event
/// outbox, so a mail that cannot be sent never holds the record back.
/// </summary>
public sealed class SlaEscalations(
    ISlaDueIndex index,
    TicketUpdater updater,
    TicketServiceLevels serviceLevels,
    ServiceLevelCatalog catalog,
    IStaffDirectory staff,
    TimeProvider time)
{
    public const int MaxPerRun = 500;

    public sealed record Result(int Due, int Escalated, int Steps, int Rescheduled);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var due = await index.ListDueAsync(time.GetUtcNow(), MaxPerRun, ct);
        int escalated = 0, steps = 0, rescheduled = 0;
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (entry, c) =>
        {
            var (taken, moved) = await EscalateAsync(entry, c);
            if (taken > 0)
            {
                Interlocked.Increment(ref escalated);
                Interlocked.Add(ref steps, taken);
            }
            if (moved)
            {
                Interlocked.Increment(ref rescheduled);
            }
        });
        return new Result(due.Count, escalated, steps, rescheduled);
    }

    private async Task<(int Steps, bool Moved)> EscalateAsync(SlaDueEntry entry, CancellationToken ct)
    {
        var taken = 0;
        DateTimeOffset? next = null;
        List<string> breached = [];
        var saved = await updater.ChangeAsync(entry.Number, async (stored, ticket, now) =>
        {
            taken = 0;
            next = null;
            breached = [];
            if (await serviceLevels.PolicyOfAsync(stored.State, ct) is not { } found)
            {
                return false;
            }
            var (policy, version) = found;
            var calendar = await catalog.CalendarAsync(ticket.CustomerId, policy.Calendar, ct);
            var advanced = SlaClock.Advance(ticket.State.Sla, policy, version, ticket.State, calendar, now);
            breached = NewlyBreached(stored.State.Sla, advanced);
            ticket.ApplySla(advanced, now);
            foreach (var due in SlaClock.DueEscalations(advanced, policy))
            {
                var step = await ResolveNextLineAsync(due, ticket.State, ct);
                var notified = await RecipientsAsync(ticket.State, step.Step, ct);
                if (ticket.Escalate(step, notified, now))
                {
                    taken++;
                }
            }
            ticket.ApplySla(SlaClock.Advance(ticket.State.Sla, policy, version, ticket.State, calendar, now), now);
            next = ticket.State.Sla?.NextEscalationAt;
            return true;
        }, ct);
        if (saved is not null)
        {
            breached.ForEach(ServiceDeskTelemetry.SlaBreached);
        }
        if (saved is null)
        {
            await index.MoveAsync(entry.Number, entry.DueAt, null, ct); // the ticket is gone
            return (0, true);
        }
        // A save moved the entry with the ticket; when nothing was saved (paused, nothing due after a calendar change)
        // the entry is moved here to what the clocks say now.
        if (saved.State.Sla?.NextEscalationAt != next || taken == 0)
        {
            if (next != entry.DueAt)
            {
                await index.MoveAsync(entry.Number, entry.DueAt, next, ct);
                return (taken, true);
            }
        }
        return (taken, false);
    }

    /// <summary>A step that moves to <see cref="EscalationStep.NextLine"/> moves to the current group's next-line group (none: no move).</summary>
    private async Task<DueEscalation> ResolveNextLineAsync(DueEscalation due, TicketState ticket, CancellationToken ct)
    {
        if (due.Step.MoveToGroup != EscalationStep.NextLine)
        {
            return due;
        }
        var group = ticket.AssignmentGroup is { } g ? await catalog.GroupAsync(g, ct) : null;
        return due with { Step = due.Step with { MoveToGroup = group?.NextLineGroup } };
    }

    /// <summary>
    /// Who a step tells, as "language:address" (the mail handler writes each in their language): functional — the
    /// assignee and the group's mailbox; hierarchical — also the group's manager and the customer's service manager; a step
    /// that moves the ticket also tells the group it moves to.
    /// </summary>
    private async Task<IReadOnlyList<string>> RecipientsAsync(TicketState ticket, EscalationStep step, CancellationToken ct)
    {
        var recipients = new List<string>();
        void Add(Language language, string? email)
        {
            if (!string.IsNullOrWhiteSpace(email) && !recipients.Any(r => r.EndsWith(":" + email, StringComparison.OrdinalIgnoreCase)))
            {
                recipients.Add($"{language.ToString().ToLowerInvariant()}:{email}");
            }
        }
        if (ticket.AssigneeId is { } assignee && await staff.FindAsync(assignee, ct) is { } member)
        {
            Add(member.Language, member.Email);
        }
        var group = ticket.AssignmentGroup is { } g ? await catalog.GroupAsync(g, ct) : null;
        Add(group?.Language ?? Language.Sv, group?.Email);
        if (step.MoveToGroup is { } next && await catalog.GroupAsync(next, ct) is { } nextGroup)
        {
            Add(nextGroup.Language, nextGroup.Email);
        }
        if (step.Level == EscalationLevel.Hierarchical)
        {
            if (group?.ManagerId is { } managerId && await staff.FindAsync(managerId, ct) is { } manager)
            {
                Add(manager.Language, manager.Email);
            }
            if (ticket.Sla is { } sla && await catalog.PoliciesAsync(ticket.CustomerId, sla.PolicyVersion, ct) is { } set)
            {
                Add(set.ServiceManagerLanguage, set.ServiceManagerEmail);
            }
        }
        return recipients;
    }

    /// <summary>The targets this run found breached that were not breached when the ticket was read (for the breach counter).</summary>
    private static List<string> NewlyBreached(SlaState? before, SlaState? after) =>
        after is null
            ? []
            : after.Targets.Where(t => t.Outcome == SlaOutcome.Breached && before?.Find(t.Kind)?.Outcome != SlaOutcome.Breached)
                .Select(t => t.Kind.ToString()).ToList();
}
