using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.UnitTests.Workflows;

public sealed class ApprovalPlanTests
{
    private static readonly DateTime Opened = new(2026, 11, 2, 9, 30, 0, DateTimeKind.Utc);

    private static ApprovalPlan Plan(int remind, int escalate, int expire) =>
        new("REQ-000001", [], TimeSpan.FromHours(remind), TimeSpan.FromHours(escalate), TimeSpan.FromHours(expire), ExpiryBehaviour.Reject, null);

    [Fact]
    public void A_steps_deadlines_come_soonest_first()
    {
        Assert.Equal([(Opened.AddHours(2), ApprovalDeadline.Escalate), (Opened.AddHours(5), ApprovalDeadline.Remind), (Opened.AddHours(9), ApprovalDeadline.Expire)],
            Plan(remind: 5, escalate: 2, expire: 9).DeadlinesFrom(Opened));
    }

    [Fact]
    public void Deadlines_due_at_the_same_time_keep_the_order_remind_escalate_expire()
    {
        // The durable history of a running instance has one timer per round in this order: it must not change.
        Assert.Equal([ApprovalDeadline.Remind, ApprovalDeadline.Escalate, ApprovalDeadline.Expire],
            Plan(remind: 1, escalate: 1, expire: 2).DeadlinesFrom(Opened).Select(d => d.Kind));
    }

    [Fact]
    public void A_reminder_or_escalation_due_at_or_after_the_expiry_is_left_out()
    {
        Assert.Equal([ApprovalDeadline.Expire], Plan(remind: 3, escalate: 4, expire: 3).DeadlinesFrom(Opened).Select(d => d.Kind));
    }
}
