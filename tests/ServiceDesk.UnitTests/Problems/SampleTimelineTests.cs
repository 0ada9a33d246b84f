using ServiceDesk.Application.Problems.Samples;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Problems;

public sealed class SampleTimelineTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    private static SampleIncident Incident(TimeSpan? responded, TimeSpan? resolved, params TimeSpan[] reopens) => new(
        "c-1", "contoso", Created, Channel.Portal, "Skrivaren", "Skriver inte ut", "Hardware", "Print", "PRN-1",
        "u-1", "User 1", Language.Sv, Impact.Medium, Urgency.Medium, responded, resolved, reopens, null);

    private static List<(double Hours, SampleAction Action)> Steps(SampleIncident i, DateTimeOffset now) =>
        SampleTimeline.Steps(i, now).Select(s => ((s.At - Created).TotalHours, s.Action)).ToList();

    [Fact]
    public void A_full_history_is_assign_start_resolve_then_reopen_and_resolve_two_hours_later_per_reopen()
    {
        var i = Incident(TimeSpan.FromHours(1), TimeSpan.FromHours(5), TimeSpan.FromHours(24), TimeSpan.FromHours(48));

        Assert.Equal(
            [(1, SampleAction.Assign), (1, SampleAction.Start), (5, SampleAction.Resolve), (24, SampleAction.Reopen), (26, SampleAction.Resolve),
             (48, SampleAction.Reopen), (50, SampleAction.Resolve)],
            Steps(i, Created.AddDays(10)));
    }

    [Fact]
    public void Steps_after_now_and_everything_after_them_are_left_out()
    {
        var i = Incident(TimeSpan.FromHours(1), TimeSpan.FromHours(5), TimeSpan.FromHours(24));

        Assert.Empty(Steps(i, Created.AddMinutes(30)));
        Assert.Equal([(1, SampleAction.Assign), (1, SampleAction.Start)], Steps(i, Created.AddHours(3)));
        Assert.Equal([(1, SampleAction.Assign), (1, SampleAction.Start), (5, SampleAction.Resolve), (24, SampleAction.Reopen)],
            Steps(i, Created.AddHours(25)));
    }

    [Fact]
    public void Without_a_first_response_nothing_happens_and_a_reopen_before_the_last_resolution_is_ignored()
    {
        Assert.Empty(Steps(Incident(null, TimeSpan.FromHours(5)), Created.AddDays(1)));
        Assert.Equal([(1, SampleAction.Assign), (1, SampleAction.Start), (5, SampleAction.Resolve)],
            Steps(Incident(TimeSpan.FromHours(1), TimeSpan.FromHours(5), TimeSpan.FromHours(4)), Created.AddDays(1)));
    }
}
