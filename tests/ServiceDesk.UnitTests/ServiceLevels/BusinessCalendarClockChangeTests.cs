using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Domain.ServiceLevels;
using static ServiceDesk.UnitTests.ServiceLevels.Times;

namespace ServiceDesk.UnitTests.ServiceLevels;

/// <summary>Europe/Stockholm leaves summer time on Sunday 25 October 2026 (03:00 CEST → 02:00 CET) and enters it on
/// Sunday 29 March 2026 (02:00 CET → 03:00 CEST).</summary>
public sealed class BusinessCalendarClockChangeTests
{
    private static readonly BusinessCalendar Office = new(CalendarDefinition.Default, SwedishPublicHolidays.Source);
    private static readonly BusinessCalendar Always = BusinessCalendar.AlwaysOpen;

    [Fact]
    public void Eight_business_hours_from_friday_15_00_summer_time_are_due_monday_14_00_winter_time()
    {
        var friday = Stockholm(2026, 10, 23, 15, 0);
        Assert.Equal(TimeSpan.FromHours(2), friday.Offset);

        var due = Office.Add(friday, TimeSpan.FromHours(8));

        AssertUtc(Utc(2026, 10, 26, 13, 0), due); // Monday 14:00 CET (+01:00)
        Assert.Equal(TimeSpan.FromHours(8), Office.Between(friday, due));
    }

    [Fact]
    public void Around_the_clock_24_hours_from_saturday_noon_end_sunday_11_00_when_the_clock_goes_back()
    {
        var due = Always.Add(Stockholm(2026, 10, 24, 12, 0), TimeSpan.FromHours(24));

        AssertUtc(Utc(2026, 10, 25, 10, 0), due); // Sunday 11:00 CET: 02:00–03:00 happened twice
        Assert.Equal(Stockholm(2026, 10, 25, 11, 0), due);
    }

    [Fact]
    public void Around_the_clock_the_autumn_sunday_has_25_hours_and_the_spring_sunday_23()
    {
        Assert.Equal(TimeSpan.FromHours(25), Always.Between(Stockholm(2026, 10, 25, 0, 0), Stockholm(2026, 10, 26, 0, 0)));
        Assert.Equal(TimeSpan.FromHours(23), Always.Between(Stockholm(2026, 3, 29, 0, 0), Stockholm(2026, 3, 30, 0, 0)));
        Assert.Equal(TimeSpan.FromHours(24), Always.Between(Stockholm(2026, 10, 24, 0, 0), Stockholm(2026, 10, 25, 0, 0)));
    }

    [Fact]
    public void Around_the_clock_adding_across_the_spring_change_counts_real_hours()
    {
        // Saturday 28 March 12:00 CET + 24 h = Sunday 29 March 13:00 CEST.
        var due = Always.Add(Stockholm(2026, 3, 28, 12, 0), TimeSpan.FromHours(24));

        AssertUtc(Utc(2026, 3, 29, 11, 0), due);
        Assert.True(Always.IsOpen(Utc(2026, 3, 29, 1, 30)));
    }

    [Fact]
    public void An_ambiguous_start_is_the_earlier_instant_and_an_ambiguous_end_the_later()
    {
        // Sunday 25 October 02:00–02:30 local exists twice: from 02:00 CEST (00:00 UTC) to 02:30 CET (01:30 UTC).
        var calendar = SundayOnly(new WorkingHours(new(2, 0), new(2, 30)));

        Assert.Equal(TimeSpan.FromMinutes(90), calendar.Between(Utc(2026, 10, 24, 0, 0), Utc(2026, 10, 26, 0, 0)));
        AssertUtc(Utc(2026, 10, 25, 0, 0), calendar.Add(Utc(2026, 10, 24, 0, 0), TimeSpan.FromTicks(1)).AddTicks(-1));
        AssertUtc(Utc(2026, 10, 25, 1, 30), calendar.Add(Utc(2026, 10, 24, 0, 0), TimeSpan.FromMinutes(90)));
    }

    [Fact]
    public void A_start_in_the_spring_gap_is_the_first_instant_after_it()
    {
        // Sunday 29 March 02:30 local does not exist: the interval opens at the change, 03:00 CEST (01:00 UTC).
        var calendar = SundayOnly(new WorkingHours(new(2, 30), new(4, 0)));

        Assert.Equal(TimeSpan.FromHours(1), calendar.Between(Utc(2026, 3, 28, 0, 0), Utc(2026, 3, 30, 0, 0)));
        AssertUtc(Utc(2026, 3, 29, 1, 30), calendar.Add(Utc(2026, 3, 28, 0, 0), TimeSpan.FromMinutes(30)));
        Assert.False(calendar.IsOpen(Utc(2026, 3, 29, 0, 59)));
        Assert.True(calendar.IsOpen(Utc(2026, 3, 29, 1, 0)));
    }

    [Fact]
    public void Results_are_in_utc_whatever_the_offset_of_the_start()
    {
        var start = new DateTimeOffset(2026, 9, 15, 3, 0, 0, TimeSpan.FromHours(-5)); // 08:00 UTC = 10:00 Stockholm

        var due = Office.Add(start, TimeSpan.FromHours(1));

        AssertUtc(Utc(2026, 9, 15, 9, 0), due);
    }

    private static BusinessCalendar SundayOnly(WorkingHours hours) => new(
        CalendarDefinition.Default with
        {
            Hours = new Dictionary<DayOfWeek, IReadOnlyList<WorkingHours>> { [DayOfWeek.Sunday] = [hours] },
        },
        _ => false);
}
