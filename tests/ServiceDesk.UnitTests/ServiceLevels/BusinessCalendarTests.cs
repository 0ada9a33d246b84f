using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Domain.ServiceLevels;
using static ServiceDesk.UnitTests.ServiceLevels.Times;

namespace ServiceDesk.UnitTests.ServiceLevels;

public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar Office = new(CalendarDefinition.Default, SwedishPublicHolidays.Source);

    private static readonly WorkingHours Morning = new(new(8, 0), new(12, 0));
    private static readonly WorkingHours Afternoon = new(new(13, 0), new(17, 0));

    private static readonly BusinessCalendar WithLunch = new(
        CalendarDefinition.Default with
        {
            Hours = Enum.GetValues<DayOfWeek>()
                .Where(day => day is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                .ToDictionary(day => day, IReadOnlyList<WorkingHours> (_) => [Afternoon, Morning]),
        },
        SwedishPublicHolidays.Source);

    [Fact]
    public void A_ticket_opened_at_16_55_the_day_before_midsommarafton_is_due_on_monday_at_11_55()
    {
        // Thursday 18 June 2026: 5 minutes; Friday 19 June is midsommarafton (closed), then the weekend; Monday 3 h 55 min.
        var due = Office.Add(Stockholm(2026, 6, 18, 16, 55), TimeSpan.FromHours(4));

        AssertUtc(Utc(2026, 6, 22, 9, 55), due); // 11:55 CEST
    }

    [Fact]
    public void A_ticket_opened_on_midsommarafton_counts_from_monday_08_00()
    {
        var due = Office.Add(Stockholm(2026, 6, 19, 16, 55), TimeSpan.FromHours(4));

        AssertUtc(Utc(2026, 6, 22, 10, 0), due); // 12:00 CEST
        Assert.False(Office.IsOpen(Stockholm(2026, 6, 19, 10, 0)));
        Assert.True(Office.IsOpen(Stockholm(2026, 6, 18, 10, 0)));
    }

    [Fact]
    public void Without_swedish_holidays_midsommarafton_is_a_working_day_and_the_source_is_not_asked()
    {
        var asked = 0;
        var calendar = new BusinessCalendar(
            CalendarDefinition.Default with { SwedishPublicHolidays = false },
            _ => { asked++; return true; });

        var due = calendar.Add(Stockholm(2026, 6, 18, 16, 55), TimeSpan.FromHours(4));

        AssertUtc(Utc(2026, 6, 19, 9, 55), due); // Friday 11:55 CEST
        Assert.Equal(0, asked);
    }

    [Theory]
    [InlineData(2026, 5, 16, 10, 0, 60, 2026, 5, 18, 7, 0)] // Saturday → Monday 09:00 CEST
    [InlineData(2026, 9, 15, 19, 30, 120, 2026, 9, 16, 8, 0)] // Tuesday evening → Wednesday 10:00
    [InlineData(2026, 9, 16, 6, 0, 30, 2026, 9, 16, 6, 30)] // Wednesday 06:00 → 08:30
    [InlineData(2026, 9, 13, 23, 59, 540, 2026, 9, 14, 15, 0)] // Sunday night → all of Monday, until 17:00
    public void Outside_hours_counting_starts_at_the_next_opening(
        int y, int mo, int d, int h, int mi, int minutes, int ey, int emo, int ed, int eh, int emi)
    {
        var due = Office.Add(Stockholm(y, mo, d, h, mi), TimeSpan.FromMinutes(minutes));

        AssertUtc(Utc(ey, emo, ed, eh, emi), due);
    }

    [Fact]
    public void Add_crosses_weekends_and_ends_at_closing_time_when_the_time_is_used_up_exactly()
    {
        AssertUtc(Utc(2026, 9, 21, 8, 0), Office.Add(Stockholm(2026, 9, 18, 16, 0), TimeSpan.FromHours(3))); // Monday 10:00
        AssertUtc(Utc(2026, 9, 18, 15, 0), Office.Add(Stockholm(2026, 9, 14, 8, 0), TimeSpan.FromHours(45))); // Friday 17:00
        AssertUtc(Utc(2026, 9, 21, 6, 1), Office.Add(Stockholm(2026, 9, 14, 8, 0), TimeSpan.FromHours(45) + TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Julafton_juldagen_and_annandag_jul_are_closed()
    {
        // Wednesday 23 Dec 16:00: 1 h; 24–27 Dec closed; Monday 28 Dec 08:00 + 1 h.
        AssertUtc(Utc(2026, 12, 28, 8, 0), Office.Add(Stockholm(2026, 12, 23, 16, 0), TimeSpan.FromHours(2)));
        Assert.False(Office.IsOpen(Stockholm(2026, 12, 24, 10, 0)));
    }

    [Fact]
    public void Nyarsafton_and_new_years_day_are_closed()
    {
        // Wednesday 30 Dec 16:00: 1 h; Thursday 31 Dec and Friday 1 Jan closed, then the weekend; Monday 4 Jan 09:00 CET.
        AssertUtc(Utc(2027, 1, 4, 8, 0), Office.Add(Stockholm(2026, 12, 30, 16, 0), TimeSpan.FromHours(2)));
        Assert.Equal(TimeSpan.FromHours(10), Office.Between(Stockholm(2026, 12, 30, 0, 0), Stockholm(2027, 1, 4, 9, 0)));
    }

    [Fact]
    public void A_closed_day_of_the_customer_is_skipped()
    {
        var calendar = new BusinessCalendar(
            CalendarDefinition.Default with { ClosedDays = [new DateOnly(2026, 9, 16)] }, SwedishPublicHolidays.Source);

        AssertUtc(Utc(2026, 9, 17, 7, 0), calendar.Add(Stockholm(2026, 9, 15, 16, 0), TimeSpan.FromHours(2))); // Thursday 09:00
        AssertUtc(Utc(2026, 9, 16, 7, 0), Office.Add(Stockholm(2026, 9, 15, 16, 0), TimeSpan.FromHours(2))); // Wednesday 09:00
        Assert.False(calendar.IsOpen(Stockholm(2026, 9, 16, 12, 0)));
    }

    [Fact]
    public void Several_intervals_a_day_leave_out_the_lunch_hour()
    {
        AssertUtc(Utc(2026, 9, 14, 11, 30), WithLunch.Add(Stockholm(2026, 9, 14, 11, 30), TimeSpan.FromHours(1))); // 13:30
        AssertUtc(Utc(2026, 9, 14, 12, 0), WithLunch.Add(Stockholm(2026, 9, 14, 12, 15), TimeSpan.FromHours(1))); // 14:00
        Assert.Equal(TimeSpan.FromHours(8), WithLunch.Between(Stockholm(2026, 9, 14, 7, 0), Stockholm(2026, 9, 14, 18, 0)));
        Assert.False(WithLunch.IsOpen(Stockholm(2026, 9, 14, 12, 30)));
        Assert.True(WithLunch.IsOpen(Stockholm(2026, 9, 14, 13, 0)));
        Assert.False(WithLunch.IsOpen(Stockholm(2026, 9, 14, 17, 0)));
    }

    [Fact]
    public void Between_counts_only_working_hours_and_is_zero_when_to_is_not_after_from()
    {
        Assert.Equal(TimeSpan.FromHours(45), Office.Between(Stockholm(2026, 9, 12, 0, 0), Stockholm(2026, 9, 20, 0, 0)));
        Assert.Equal(TimeSpan.FromMinutes(5), Office.Between(Stockholm(2026, 6, 18, 16, 55), Stockholm(2026, 6, 22, 8, 0)));
        Assert.Equal(TimeSpan.Zero, Office.Between(Stockholm(2026, 9, 15, 12, 0), Stockholm(2026, 9, 15, 10, 0)));
        Assert.Equal(TimeSpan.Zero, Office.Between(Stockholm(2026, 9, 15, 12, 0), Stockholm(2026, 9, 15, 12, 0)));
    }

    [Fact]
    public void Adding_nothing_gives_the_start_and_a_negative_time_is_refused()
    {
        var saturday = Stockholm(2026, 9, 19, 12, 0);

        Assert.Equal(saturday, Office.Add(saturday, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => Office.Add(saturday, TimeSpan.FromMinutes(-1)));
    }

    [Fact]
    public void A_calendar_that_never_opens_gives_up_instead_of_looping()
    {
        var never = new BusinessCalendar(CalendarDefinition.Default with { Hours = new Dictionary<DayOfWeek, IReadOnlyList<WorkingHours>>() }, _ => false);

        var error = Assert.Throws<InvalidOperationException>(() => never.Add(Utc(2026, 1, 1, 0), TimeSpan.FromMinutes(1)));
        Assert.Contains("never opens", error.Message);
        Assert.Equal(TimeSpan.Zero, never.Between(Utc(2026, 1, 1, 0), Utc(2036, 1, 1, 0)));
        Assert.False(never.IsOpen(Utc(2026, 1, 1, 12)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Between_is_the_inverse_of_add(int calendarIndex)
    {
        var calendar = new[] { Office, WithLunch, BusinessCalendar.AlwaysOpen }[calendarIndex];
        var random = new Random(20260619 + calendarIndex);
        var yearStart = Utc(2026, 1, 1, 0);
        for (var i = 0; i < 300; i++)
        {
            var start = yearStart.AddSeconds(random.Next(0, 366 * 24 * 3600));
            var duration = TimeSpan.FromSeconds(random.Next(1, 80 * 3600));

            var due = calendar.Add(start, duration);

            Assert.True(due > start, $"{start:o} + {duration} gave {due:o}");
            Assert.Equal(duration, calendar.Between(start, due));
            Assert.Equal(duration - TimeSpan.FromSeconds(1), calendar.Between(start, due.AddSeconds(-1)));
        }
    }
}
