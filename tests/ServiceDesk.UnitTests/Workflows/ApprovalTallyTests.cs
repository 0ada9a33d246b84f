using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.UnitTests.Workflows;

public sealed class ApprovalTallyTests
{
    private static Approver A(string id) => new(id, id.ToUpperInvariant(), $"{id}@x.se", Language.Sv);

    private static ApprovalTally Tally(ApprovalRule rule, params string[] ids) => new(rule, ids.Select(id => new[] { A(id) }));

    [Fact]
    public void Any_of_is_approved_by_one_approval()
    {
        var tally = Tally(ApprovalRule.Any, "a", "b");
        Assert.True(tally.Record("b", ApprovalDecision.Approve));
        Assert.Equal(ApprovalOutcome.Approved, tally.Outcome);
    }

    [Fact]
    public void All_of_waits_for_every_approver()
    {
        var tally = Tally(ApprovalRule.All, "a", "b");
        tally.Record("a", ApprovalDecision.Approve);
        Assert.Equal(ApprovalOutcome.Pending, tally.Outcome);
        Assert.Equal(["b"], tally.Undecided.Select(x => x.UserId));
        tally.Record("b", ApprovalDecision.Approve);
        Assert.Equal(ApprovalOutcome.Approved, tally.Outcome);
    }

    [Theory]
    [InlineData(ApprovalRule.Any)]
    [InlineData(ApprovalRule.All)]
    public void One_rejection_rejects_the_step(ApprovalRule rule)
    {
        var tally = Tally(rule, "a", "b");
        tally.Record("a", ApprovalDecision.Reject);
        Assert.Equal(ApprovalOutcome.Rejected, tally.Outcome);
    }

    [Fact]
    public void Someone_not_designated_or_already_decided_may_not_decide()
    {
        var tally = Tally(ApprovalRule.All, "a", "b");
        Assert.False(tally.MayDecide("c"));
        Assert.False(tally.Record("c", ApprovalDecision.Approve));
        tally.Record("a", ApprovalDecision.Approve);
        Assert.False(tally.MayDecide("a"));
        Assert.False(tally.Record("a", ApprovalDecision.Reject));
        Assert.Equal(ApprovalOutcome.Pending, tally.Outcome);
    }

    [Fact]
    public void A_stand_in_decides_for_the_seat_of_the_approver_it_replaces()
    {
        var tally = Tally(ApprovalRule.All, "a", "b");
        tally.Record("b", ApprovalDecision.Approve);
        tally.AddStandIn("a", A("delegate"));
        tally.AddStandIn("b", A("other")); // b's seat is decided: no stand-in added
        Assert.True(tally.MayDecide("delegate"));
        Assert.False(tally.IsDesignated("other"));
        tally.Record("delegate", ApprovalDecision.Approve);
        Assert.Equal(ApprovalOutcome.Approved, tally.Outcome);
        Assert.False(tally.MayDecide("a"));
    }

    [Fact]
    public void A_step_without_approvers_is_refused() =>
        Assert.Throws<ArgumentException>(() => new ApprovalTally(ApprovalRule.Any, Array.Empty<Approver[]>()));
}
