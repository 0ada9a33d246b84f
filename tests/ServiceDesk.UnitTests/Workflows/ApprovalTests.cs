using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.UnitTests.Workflows;

public sealed class ApprovalTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    private static Approver A(string id) => new(id, id.ToUpperInvariant(), $"{id}@x.se", Language.Sv);

    private static DecisionEvidence Decision(string eventId, string approverId, ApprovalDecision decision = ApprovalDecision.Approve, string? comment = null) =>
        new(eventId, approverId, decision, comment, "api", null, null, null, Now.AddHours(1));

    /// <summary>Step 1: any of a, b. Step 2: all of c, d.</summary>
    private static Approval TwoSteps() => Approval.Start("REQ-000001", "acme", "server", "Server", "req", "approval-REQ-000001",
        [ApprovalStep.Plan(0, "Manager", ApprovalRule.Any, [[A("a")], [A("b")]]), ApprovalStep.Plan(1, "Budget", ApprovalRule.All, [[A("c")], [A("d")]])],
        null, Now);

    [Fact]
    public void A_started_approval_logs_its_start_and_nobody_may_decide_before_a_step_opens()
    {
        var approval = TwoSteps();
        Assert.Equal(("started", "Approval started: 2 step(s)"), (approval.State.Log.Single().Kind, approval.State.Log.Single().Text));
        Assert.Null(approval.Current);
        Assert.Equal(Approval.ClosedRefusal, approval.RefusalFor(0, "a"));
    }

    [Fact]
    public void Opening_a_step_once_logs_it_and_opening_it_again_changes_nothing()
    {
        var approval = TwoSteps();
        var opened = approval.OpenStep(0, Now, Now.AddDays(3));
        Assert.Equal("Approval step 1 'Manager' (any of: A, B) waits for a decision until 2026-11-05 09:30 UTC.", opened?.Text);
        Assert.Null(approval.OpenStep(0, Now.AddMinutes(1), Now.AddDays(4)));
        Assert.Equal((0, Now.AddDays(3)), (approval.State.Current?.Index, approval.State.Current?.ExpiresAt));
        Assert.Equal(2, approval.State.Log.Count);
    }

    [Fact]
    public void Only_a_designated_undecided_approver_of_the_open_step_may_decide()
    {
        var approval = TwoSteps();
        approval.OpenStep(0, Now, Now.AddDays(3));
        approval.RecordDecision(0, Decision("e1", "a", ApprovalDecision.Reject));
        approval.Complete(WorkflowStatus.Rejected, "Rejected by A.", null, Now);
        Assert.Equal(Approval.ClosedRefusal, approval.RefusalFor(0, "b"));

        var open = TwoSteps();
        open.OpenStep(0, Now, Now.AddDays(3));
        open.RecordDecision(0, Decision("e1", "a"));
        open.OpenStep(1, Now.AddHours(1), Now.AddDays(3));
        open.RecordDecision(1, Decision("e2", "c"));
        Assert.Equal(
            new List<string?> { "that step is already decided", "that step is not open yet", "not a designated approver of this step", "not a designated approver of this step", "already decided" },
            new List<string?> { open.RefusalFor(0, "a"), open.RefusalFor(2, "c"), open.RefusalFor(1, "a"), open.RefusalFor(1, null), open.RefusalFor(1, "c") });
        Assert.True(open.MayDecide(1, "d"));
    }

    [Fact]
    public void A_recorded_decision_is_logged_once_and_a_refused_one_is_a_broken_rule()
    {
        var approval = TwoSteps();
        approval.OpenStep(0, Now, Now.AddDays(3));
        var decided = approval.RecordDecision(0, Decision("e1", "b", comment: "OK"));
        Assert.Equal(("decided", "Approved by B (step 1, api): OK", Now.AddHours(1)), (decided?.Kind, decided?.Text, decided?.At));
        Assert.Null(approval.RecordDecision(0, Decision("e1", "b", comment: "OK"))); // a retried activity
        Assert.Equal((ApprovalOutcome.Approved, 1), (approval.State.Steps[0].Outcome, approval.State.Steps[0].Decisions.Count));

        var e = Assert.Throws<DomainRuleException>(() => approval.RecordDecision(0, Decision("e2", "x")));
        Assert.Equal("approval.decision-refused", e.Code);
        Assert.Throws<DomainRuleException>(() => approval.RecordDecision(1, Decision("e3", "c"))); // step 2 is not open
    }

    [Fact]
    public void An_escalation_adds_stand_ins_to_undecided_seats_who_may_then_decide()
    {
        var approval = TwoSteps();
        approval.OpenStep(0, Now, Now.AddDays(3));
        approval.RecordDecision(0, Decision("e0", "a"));
        approval.OpenStep(1, Now, Now.AddDays(3));
        approval.RecordDecision(1, Decision("e1", "d"));
        var escalated = approval.Escalate(1, [A("c")], [new StandIn("c", A("c2")), new StandIn("d", A("d2"))], Now.AddHours(2));
        Assert.Equal("Step 2 escalated to C2, D2.", escalated.Text);
        Assert.Equal([["c", "c2"], ["d"]], approval.State.Steps[1].Seats.Select(s => s.Select(a => a.UserId)));
        Assert.True(approval.MayDecide(1, "c2"));
        Assert.False(approval.MayDecide(1, "d2"));
        Assert.Equal("Step 2 escalation: no delegate or fallback approver for C.", approval.Escalate(1, [A("c")], [], Now).Text);
    }

    [Fact]
    public void Reminders_are_counted_over_the_whole_approval()
    {
        var approval = TwoSteps();
        approval.OpenStep(0, Now, Now.AddDays(3));
        Assert.Equal(0, approval.Reminders);
        Assert.Equal("Reminder sent to A, B (step 1).", approval.Remind(0, [A("a"), A("b")], Now).Text);
        Assert.Equal(1, approval.Reminders);
        Assert.Throws<DomainRuleException>(() => approval.Remind(1, [A("c")], Now));
    }

    [Fact]
    public void Completing_twice_keeps_the_first_outcome()
    {
        var approval = TwoSteps();
        var completed = approval.Complete(WorkflowStatus.HandedToServiceDesk, "No decision in time.", "ticket.illegal-transition", Now);
        Assert.Equal("HandedToServiceDesk: No decision in time. (ticket not changed: ticket.illegal-transition)", completed?.Text);
        Assert.Null(approval.Complete(WorkflowStatus.Approved, "Approved.", null, Now.AddMinutes(1)));
        Assert.Equal((WorkflowStatus.HandedToServiceDesk, Now), (approval.Status, approval.State.CompletedAt));
        Assert.Throws<DomainRuleException>(() => approval.OpenStep(0, Now, Now.AddDays(1)));
    }

    [Fact]
    public void A_stored_approval_with_a_step_without_approvers_is_restored_and_nobody_may_decide()
    {
        var stored = Approval.Start("REQ-000002", "acme", "desk", "Desk", "req", "approval-REQ-000002",
            [ApprovalStep.Plan(0, "Manager", ApprovalRule.Any, [])], "A step has no approvers.", Now).State;
        var approval = Approval.Restore(stored);
        Assert.Equal("Approval started: 1 step(s); A step has no approvers.", approval.State.Log[0].Text);
        Assert.False(approval.MayDecide(0, "a"));
    }
}
