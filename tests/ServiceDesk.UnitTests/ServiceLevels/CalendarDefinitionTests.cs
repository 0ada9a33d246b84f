using System.Text.Json;
using ServiceDesk.Domain.ServiceLevels;

namespace ServiceDesk.UnitTests.ServiceLevels;

public sealed class CalendarDefinitionTests
{
    private static readonly IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingHours>> NoHours =
        new Dictionary<DayOfWeek, IReadOnlyList<WorkingHours>>();

    [Fact]
    public void The_default_and_the_24_7_calendars_are_valid()
    {
        Assert.Empty(CalendarDefinition.Default.Validate());
        Assert.Empty(CalendarDefinition.TwentyFourSeven.Validate());
        Assert.Equal("Europe/Stockholm", CalendarDefinition.Default.TimeZone);
        Assert.True(CalendarDefinition.Default.SwedishPublicHolidays);
        Assert.Equal(5, CalendarDefinition.Default.Hours.Count);
        Assert.Equal(TimeSpan.FromHours(9), CalendarDefinition.Default.Hours[DayOfWeek.Monday].Single().Length);
        Assert.False(CalendarDefinition.Default.Hours.ContainsKey(DayOfWeek.Saturday));
        Assert.True(CalendarDefinition.TwentyFourSeven.AlwaysOpen);
    }

    [Fact]
    public void An_unknown_time_zone_is_refused()
    {
        var errors = (CalendarDefinition.Default with { TimeZone = "Europe/Atlantis" }).Validate();

        Assert.Equal("timeZone", Assert.Single(errors).Field);
    }

    [Fact]
    public void An_interval_whose_start_is_not_before_its_end_is_refused_but_00_00_as_end_means_midnight()
    {
        var definition = WithDay(DayOfWeek.Tuesday, Hours(8, 0, 12, 0), Hours(17, 0, 13, 0), Hours(22, 0, 0, 0));

        Assert.Equal(["hours.tuesday[1]"], definition.Validate().Select(error => error.Field));
        Assert.Empty(WithDay(DayOfWeek.Sunday, Hours(0, 0, 0, 0)).Validate());
        Assert.Equal(TimeSpan.FromHours(24), Hours(0, 0, 0, 0).Length);
        // The only interval being invalid, the calendar has no working hours either.
        Assert.Equal(["hours.sunday[0]", "hours"], WithDay(DayOfWeek.Sunday, Hours(9, 0, 9, 0)).Validate().Select(error => error.Field));
    }

    [Fact]
    public void Overlapping_intervals_on_one_day_are_refused_touching_ones_are_not()
    {
        var overlapping = WithDay(DayOfWeek.Monday, Hours(8, 0, 12, 0), Hours(11, 0, 13, 0));
        var inside = WithDay(DayOfWeek.Friday, Hours(8, 0, 17, 0), Hours(9, 0, 10, 0), Hours(11, 0, 12, 0));

        var error = Assert.Single(overlapping.Validate());
        Assert.Equal("hours.monday[1]", error.Field);
        Assert.Contains("hours.monday[0]", error.Message);
        Assert.Equal(["hours.friday[1]", "hours.friday[2]"], inside.Validate().Select(e => e.Field));
        Assert.Empty(WithDay(DayOfWeek.Monday, Hours(13, 0, 17, 0), Hours(8, 0, 13, 0)).Validate());
    }

    [Fact]
    public void More_than_six_intervals_on_one_day_are_refused()
    {
        var seven = Enumerable.Range(8, 7).Select(hour => Hours(hour, 0, hour, 30)).ToArray();

        Assert.Equal(["hours.wednesday"], WithDay(DayOfWeek.Wednesday, seven).Validate().Select(e => e.Field));
        Assert.Empty(WithDay(DayOfWeek.Wednesday, seven[..6]).Validate());
    }

    [Fact]
    public void A_calendar_with_no_working_hours_is_refused_unless_always_open()
    {
        Assert.Equal("hours", Assert.Single((CalendarDefinition.Default with { Hours = NoHours }).Validate()).Field);
        Assert.Equal("hours", Assert.Single(WithDay(DayOfWeek.Monday).Validate()).Field);
        Assert.Empty((CalendarDefinition.TwentyFourSeven with { Hours = NoHours }).Validate());
    }

    [Fact]
    public void Too_many_or_repeated_closed_days_are_refused()
    {
        var tooMany = Enumerable.Range(0, 367).Select(i => new DateOnly(2026, 1, 1).AddDays(i)).ToList();
        var repeated = new[] { new DateOnly(2026, 9, 16), new DateOnly(2026, 9, 17), new DateOnly(2026, 9, 16) };

        Assert.Equal(["closedDays"], (CalendarDefinition.Default with { ClosedDays = tooMany }).Validate().Select(e => e.Field));
        Assert.Equal(["closedDays[2]"], (CalendarDefinition.Default with { ClosedDays = repeated }).Validate().Select(e => e.Field));
        Assert.Empty((CalendarDefinition.Default with { ClosedDays = tooMany[..366] }).Validate());
    }

    [Fact]
    public void A_definition_survives_a_json_round_trip()
    {
        var definition = CalendarDefinition.Default with { ClosedDays = [new DateOnly(2026, 9, 16)], TimeZone = "Europe/Helsinki" };

        var json = JsonSerializer.Serialize(definition, JsonSerializerOptions.Web);
        var back = JsonSerializer.Deserialize<CalendarDefinition>(json, JsonSerializerOptions.Web)!;

        Assert.Contains("\"timeZone\":\"Europe/Helsinki\"", json);
        Assert.Equal("Europe/Helsinki", back.TimeZone);
        Assert.Equal(definition.ClosedDays, back.ClosedDays);
        Assert.True(back.SwedishPublicHolidays);
        Assert.Equal(Hours(8, 0, 17, 0), back.Hours[DayOfWeek.Thursday].Single());
        Assert.Equal(5, back.Hours.Count);
        Assert.Empty(back.Validate());
    }

    [Fact]
    public void Missing_json_fields_take_the_defaults()
    {
        var back = JsonSerializer.Deserialize<CalendarDefinition>("""{"alwaysOpen":true}""", JsonSerializerOptions.Web)!;

        Assert.Equal("Europe/Stockholm", back.TimeZone);
        Assert.True(back.SwedishPublicHolidays);
        Assert.Empty(back.ClosedDays);
        Assert.Empty(back.Validate());
    }

    private static WorkingHours Hours(int startHour, int startMinute, int endHour, int endMinute) =>
        new(new(startHour, startMinute), new(endHour, endMinute));

    private static CalendarDefinition WithDay(DayOfWeek day, params WorkingHours[] hours) =>
        CalendarDefinition.Default with { Hours = new Dictionary<DayOfWeek, IReadOnlyList<WorkingHours>> { [day] = hours } };
}
