using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Tickets;

public sealed class TicketLifecycleTests
{
    private static readonly Actor Requester = new("u-1", "Anna Användare");
    private static readonly Actor Agent = new("a-1", "Erik Agent");
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private static Ticket NewTicket() => Ticket.Open(
        new TicketNumber(TicketKind.Incident, 42),
        new TicketDraft(TicketKind.Incident, "contoso", new Requester("u-1", "Anna Användare", "anna@contoso.se", null, Language.Sv),
            Channel.Portal, "Skrivaren", "Skriver inte ut", null, "Printing", null, Impact.Medium, Urgency.Medium),
        Requester, T0);

    /// <summary>Brings a new ticket to the given status through legal transitions.</summary>
    private static Ticket InStatus(TicketStatus status)
    {
        var t = NewTicket();
        var now = T0.AddMinutes(1);
        switch (status)
        {
            case TicketStatus.New: break;
            case TicketStatus.Assigned: t.Assign("L1", null, null, Agent, now); break;
            case TicketStatus.InProgress: t.Assign("L1", "a-1", "Erik", Agent, now); t.Start(Agent, now); break;
            case TicketStatus.Pending: t.Assign("L1", "a-1", "Erik", Agent, now); t.Pend(PendingReason.WaitingForCustomer, null, Agent, now); break;
            case TicketStatus.Resolved: t.Resolve(ResolutionCode.Solved, "Fixat", Agent, now); break;
            case TicketStatus.Closed: t.Resolve(ResolutionCode.Solved, "Fixat", Agent, now); t.Close(Agent, now); break;
            case TicketStatus.Cancelled: t.Cancel("Behövs ej", Requester, now); break;
        }
        Assert.Equal(status, t.Status);
        return t;
    }

    private static readonly Dictionary<string, Action<Ticket>> Actions = new()
    {
        ["assign"] = t => t.Assign("L2", "a-2", "Bo", Agent, T0.AddHours(1)),
        ["start"] = t => t.Start(Agent, T0.AddHours(1)),
        ["pend"] = t => t.Pend(PendingReason.WaitingForThirdParty, null, Agent, T0.AddHours(1)),
        ["resolve"] = t => t.Resolve(ResolutionCode.Workaround, "Omstart", Agent, T0.AddHours(1)),
        ["close"] = t => t.Close(Agent, T0.AddHours(1)),
        ["reopen"] = t => t.Reopen("Igen", Requester, T0.AddHours(1)),
        ["cancel"] = t => t.Cancel("Fel", Agent, T0.AddHours(1)),
    };

    /// <summary>The full table: which action is legal from which status, and where it leads.</summary>
    public static TheoryData<TicketStatus, string, TicketStatus?> Transitions => new()
    {
        { TicketStatus.New, "assign", TicketStatus.Assigned },
        { TicketStatus.New, "start", null },
        { TicketStatus.New, "pend", null },
        { TicketStatus.New, "resolve", TicketStatus.Resolved },
        { TicketStatus.New, "close", null },
        { TicketStatus.New, "reopen", null },
        { TicketStatus.New, "cancel", TicketStatus.Cancelled },
        { TicketStatus.Assigned, "assign", TicketStatus.Assigned },
        { TicketStatus.Assigned, "start", TicketStatus.InProgress },
        { TicketStatus.Assigned, "pend", TicketStatus.Pending },
        { TicketStatus.Assigned, "resolve", TicketStatus.Resolved },
        { TicketStatus.Assigned, "close", null },
        { TicketStatus.Assigned, "reopen", null },
        { TicketStatus.Assigned, "cancel", TicketStatus.Cancelled },
        { TicketStatus.InProgress, "assign", TicketStatus.InProgress },
        { TicketStatus.InProgress, "start", null },
        { TicketStatus.InProgress, "pend", TicketStatus.Pending },
        { TicketStatus.InProgress, "resolve", TicketStatus.Resolved },
        { TicketStatus.InProgress, "close", null },
        { TicketStatus.InProgress, "reopen", null },
        { TicketStatus.InProgress, "cancel", TicketStatus.Cancelled },
        { TicketStatus.Pending, "assign", TicketStatus.Pending },
        { TicketStatus.Pending, "start", TicketStatus.InProgress },
        { TicketStatus.Pending, "pend", TicketStatus.Pending },
        { TicketStatus.Pending, "resolve", TicketStatus.Resolved },
        { TicketStatus.Pending, "close", null },
        { TicketStatus.Pending, "reopen", null },
        { TicketStatus.Pending, "cancel", TicketStatus.Cancelled },
        { TicketStatus.Resolved, "assign", null },
        { TicketStatus.Resolved, "start", null },
        { TicketStatus.Resolved, "pend", null },
        { TicketStatus.Resolved, "resolve", null },
        { TicketStatus.Resolved, "close", TicketStatus.Closed },
        { TicketStatus.Resolved, "reopen", TicketStatus.New },
        { TicketStatus.Resolved, "cancel", null },
        { TicketStatus.Closed, "assign", null },
        { TicketStatus.Closed, "start", null },
        { TicketStatus.Closed, "pend", null },
        { TicketStatus.Closed, "resolve", null },
        { TicketStatus.Closed, "close", null },
        { TicketStatus.Closed, "reopen", null },
        { TicketStatus.Closed, "cancel", null },
        { TicketStatus.Cancelled, "assign", null },
        { TicketStatus.Cancelled, "start", null },
        { TicketStatus.Cancelled, "pend", null },
        { TicketStatus.Cancelled, "resolve", null },
        { TicketStatus.Cancelled, "close", null },
        { TicketStatus.Cancelled, "reopen", null },
        { TicketStatus.Cancelled, "cancel", null },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void The_status_lifecycle_is_enforced(TicketStatus from, string action, TicketStatus? to)
    {
        var ticket = InStatus(from);
        var before = ticket.State;
        if (to is null)
        {
            var e = Assert.Throws<DomainRuleException>(() => Actions[action](ticket));
            Assert.Equal("ticket.illegal-transition", e.Code);
            Assert.Same(before, ticket.State);
        }
        else
        {
            Actions[action](ticket);
            Assert.Equal(to, ticket.Status);
            Assert.True(ticket.State.Version > before.Version);
        }
    }

    [Fact]
    public void Opening_logs_a_created_entry_with_actor_and_time()
    {
        var t = NewTicket();
        var created = Assert.Single(t.NewActivities);
        Assert.Equal(ActivityType.Created, created.Type);
        Assert.Equal(Requester, created.Actor);
        Assert.Equal(T0, created.At);
        Assert.Equal(1, created.Sequence);
        Assert.Equal(TicketStatus.New, t.Status);
        Assert.Equal(Priority.Moderate, t.Priority);
    }

    [Fact]
    public void Every_change_appends_numbered_entries_and_bumps_the_version()
    {
        var t = NewTicket();
        t.Assign("L1", "a-1", "Erik", Agent, T0.AddMinutes(5));
        t.Comment("Vi tittar på det", isInternal: false, Agent, T0.AddMinutes(6));
        t.Comment("Trolig drivrutin", isInternal: true, Agent, T0.AddMinutes(7));

        Assert.Equal([1, 2, 3, 4, 5], t.NewActivities.Select(a => a.Sequence));
        Assert.Equal(
            [ActivityType.Created, ActivityType.AssignmentChanged, ActivityType.StatusChanged, ActivityType.Comment, ActivityType.InternalNote],
            t.NewActivities.Select(a => a.Type));
        Assert.Equal(5, t.State.Version);
        Assert.Equal(T0.AddMinutes(7), t.State.UpdatedAt);
        Assert.True(t.NewActivities[4].IsInternal);
    }

    [Fact]
    public void First_response_is_the_first_public_act_of_someone_other_than_the_requester()
    {
        var t = NewTicket();
        t.Comment("Någon?", isInternal: false, Requester, T0.AddMinutes(1));
        t.Assign("L1", null, null, Agent, T0.AddMinutes(2));
        t.Comment("Intern", isInternal: true, Agent, T0.AddMinutes(3));
        Assert.Null(t.State.FirstResponseAt);

        t.Comment("Hej Anna!", isInternal: false, Agent, T0.AddMinutes(4));
        t.Comment("Igen", isInternal: false, Agent, T0.AddMinutes(9));

        Assert.Equal(T0.AddMinutes(4), t.State.FirstResponseAt);
    }

    [Fact]
    public void Reopening_returns_the_ticket_to_its_assignee_and_counts()
    {
        var t = InStatus(TicketStatus.InProgress);
        t.Resolve(ResolutionCode.Solved, "Klart", Agent, T0.AddHours(2));
        t.Reopen("Fungerar inte", Requester, T0.AddHours(3));

        Assert.Equal(TicketStatus.InProgress, t.Status);
        Assert.Equal(1, t.State.ReopenCount);
        Assert.Null(t.State.ResolvedAt);
        Assert.Null(t.State.ResolutionCode);
    }

    [Fact]
    public void Resolving_records_code_notes_and_time_and_clears_pending()
    {
        var t = InStatus(TicketStatus.Pending);
        t.Resolve(ResolutionCode.ResolvedByThirdParty, "Leverantören bytte disk", Agent, T0.AddHours(4));

        Assert.Equal(ResolutionCode.ResolvedByThirdParty, t.State.ResolutionCode);
        Assert.Equal("Leverantören bytte disk", t.State.ResolutionNotes);
        Assert.Equal(T0.AddHours(4), t.State.ResolvedAt);
        Assert.Null(t.State.PendingReason);
    }

    [Fact]
    public void Closed_tickets_take_internal_notes_but_no_public_comments_or_edits()
    {
        var t = InStatus(TicketStatus.Closed);
        t.Comment("Efterhandsnotering", isInternal: true, Agent, T0.AddDays(1));
        Assert.Equal("ticket.closed", Assert.Throws<DomainRuleException>(() => t.Comment("Hej", false, Requester, T0.AddDays(1))).Code);
        Assert.Throws<DomainRuleException>(() => t.Update(new TicketChanges { Title = "Ny" }, Agent, T0.AddDays(1)));
    }

    [Fact]
    public void Updates_log_what_changed_and_recompute_priority()
    {
        var t = NewTicket();
        t.Update(new TicketChanges { Impact = Impact.High, Urgency = Urgency.High, Title = "Skrivaren (alla våningar)" }, Agent, T0.AddMinutes(1));

        Assert.Equal(Priority.Critical, t.Priority);
        var entry = t.NewActivities[^1];
        Assert.Equal(ActivityType.FieldsUpdated, entry.Type);
        Assert.Equal("Medium → High", entry.Data["Impact"]);
        Assert.Equal("Critical", entry.Data["priority"]);
    }

    [Fact]
    public void An_update_that_changes_nothing_logs_nothing()
    {
        var t = NewTicket();
        t.Update(new TicketChanges { Title = "Skrivaren", Impact = Impact.Medium }, Agent, T0.AddMinutes(1));
        Assert.Single(t.NewActivities);
    }

    [Fact]
    public void Links_and_watchers_are_kept_once_and_logged()
    {
        var t = NewTicket();
        t.AddLink(new TicketLink(LinkType.CausedBy, "PRB-000007"), Agent, T0);
        t.AddLink(new TicketLink(LinkType.CausedBy, "PRB-000007"), Agent, T0);
        t.AddWatcher("chef@contoso.se", Agent, T0);
        t.AddWatcher("CHEF@contoso.se", Agent, T0);
        t.RemoveWatcher("chef@contoso.se", Agent, T0);

        Assert.Single(t.State.Links);
        Assert.Empty(t.State.Watchers);
        Assert.Equal(
            [ActivityType.Created, ActivityType.LinkAdded, ActivityType.WatcherAdded, ActivityType.WatcherRemoved],
            t.NewActivities.Select(a => a.Type));
        Assert.Throws<DomainRuleException>(() => t.AddLink(new TicketLink(LinkType.Related, t.Number), Agent, T0));
    }

    [Fact]
    public void Notifications_sent_are_logged_as_the_system()
    {
        var t = NewTicket();
        t.RecordNotification("Bekräftelse skickad", new Dictionary<string, string> { ["to"] = "anna@contoso.se" }, T0);
        Assert.Equal(Actor.System, t.NewActivities[^1].Actor);
        Assert.Equal(ActivityType.NotificationSent, t.NewActivities[^1].Type);
    }

    [Fact]
    public void The_watcher_limit_is_the_tickets_rule()
    {
        var t = NewTicket();
        for (var i = 0; i < Ticket.MaxWatchers; i++)
        {
            t.AddWatcher($"w{i}", Agent, T0);
        }
        t.AddWatcher("w0", Agent, T0); // already watching: no change, no error

        var e = Assert.Throws<DomainRuleException>(() => t.AddWatcher("one-too-many", Agent, T0));
        Assert.Equal("ticket.too-many-watchers", e.Code);
    }

    [Theory]
    [InlineData(TicketStatus.Assigned, true, TicketStatus.Pending)]
    [InlineData(TicketStatus.InProgress, true, TicketStatus.Pending)]
    [InlineData(TicketStatus.Pending, true, TicketStatus.Pending)]
    [InlineData(TicketStatus.InProgress, false, TicketStatus.InProgress)]
    [InlineData(TicketStatus.New, true, TicketStatus.New)]
    public void Linking_to_a_problem_pends_an_incident_being_worked_and_unlinking_resumes_it(TicketStatus from, bool pend, TicketStatus linked)
    {
        var t = InStatus(from);

        t.LinkToProblem("PRB-000001", pend, Agent, T0.AddHours(1));

        Assert.Equal(linked, t.Status);
        Assert.Contains(new TicketLink(LinkType.CausedBy, "PRB-000001"), t.State.Links);
        if (linked == TicketStatus.Pending)
        {
            Assert.Equal(PendingReason.AwaitingProblem, t.State.PendingReason);
        }
        t.UnlinkFromProblem("PRB-000001", Agent, T0.AddHours(2));
        Assert.DoesNotContain(new TicketLink(LinkType.CausedBy, "PRB-000001"), t.State.Links);
        Assert.Equal(linked == TicketStatus.Pending ? TicketStatus.InProgress : linked, t.Status);
    }
}
