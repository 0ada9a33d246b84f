namespace ServiceDesk.Domain.ServiceLevels;

/// <summary>
/// A customer's business calendar as stored (JSON): the time zone, weekly working hours in local time, whether Swedish
/// public holidays are closed, extra closed days, or open around the clock.
/// </summary>
public sealed record CalendarDefinition
{
    /// <summary>Most intervals of working hours on one day.</summary>
    public const int MaxIntervalsPerDay = 6;

    /// <summary>Most extra closed days.</summary>
    public const int MaxClosedDays = 366;

    /// <summary>IANA time zone id in which <see cref="Hours"/> and <see cref="ClosedDays"/> are read.</summary>
    public string TimeZone { get; init; } = "Europe/Stockholm";

    /// <summary>Working hours per day of the week, local time; a missing day is closed.</summary>
    public IReadOnlyDictionary<DayOfWeek, IReadOnlyList<WorkingHours>> Hours { get; init; } =
        new Dictionary<DayOfWeek, IReadOnlyList<WorkingHours>>();

    /// <summary>Swedish public holidays (including midsommarafton, julafton and nyårsafton) are closed.</summary>
    public bool SwedishPublicHolidays { get; init; } = true;

    /// <summary>Extra closed days of the customer (local dates).</summary>
    public IReadOnlyList<DateOnly> ClosedDays { get; init; } = [];

    /// <summary>Open 24/7: <see cref="Hours"/>, holidays and <see cref="ClosedDays"/> are ignored.</summary>
    public bool AlwaysOpen { get; init; }

    /// <summary>Monday to Friday 08:00–17:00 Stockholm time, Swedish public holidays closed.</summary>
    public static CalendarDefinition Default { get; } = new()
    {
        Hours = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .ToDictionary(day => day, IReadOnlyList<WorkingHours> (_) => [new WorkingHours(new(8, 0), new(17, 0))]),
    };

    /// <summary>Open around the clock (Stockholm time zone).</summary>
    public static CalendarDefinition TwentyFourSeven { get; } = new() { AlwaysOpen = true };

    /// <summary>The problems of this definition, each with the field it concerns (camelCase JSON path); empty when valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate()
    {
        var errors = new List<(string Field, string Message)>();
        if (string.IsNullOrWhiteSpace(TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            errors.Add(("timeZone", $"Unknown time zone '{TimeZone}'; use an IANA id such as Europe/Stockholm."));
        }

        var hours = Hours ?? new Dictionary<DayOfWeek, IReadOnlyList<WorkingHours>>();
        foreach (var (day, intervals) in hours.OrderBy(entry => entry.Key))
        {
            ValidateDay($"hours.{day.ToString().ToLowerInvariant()}", intervals ?? [], errors);
        }

        if (!AlwaysOpen && !hours.Values.Any(intervals => intervals?.Any(interval => interval?.Length > TimeSpan.Zero) == true))
        {
            errors.Add(("hours", "The calendar has no working hours; set hours or make it always open."));
        }

        var closedDays = ClosedDays ?? [];
        if (closedDays.Count > MaxClosedDays)
        {
            errors.Add(("closedDays", $"At most {MaxClosedDays} closed days."));
        }

        var seen = new HashSet<DateOnly>();
        for (var i = 0; i < closedDays.Count; i++)
        {
            if (!seen.Add(closedDays[i]))
            {
                errors.Add(($"closedDays[{i}]", $"{closedDays[i]:yyyy-MM-dd} is listed more than once."));
            }
        }

        return errors;
    }

    private static void ValidateDay(string field, IReadOnlyList<WorkingHours> intervals, List<(string, string)> errors)
    {
        if (intervals.Count > MaxIntervalsPerDay)
        {
            errors.Add((field, $"At most {MaxIntervalsPerDay} intervals per day."));
        }

        var valid = new List<(int Index, WorkingHours Interval)>();
        for (var i = 0; i < intervals.Count; i++)
        {
            var interval = intervals[i];
            if (interval is null)
            {
                errors.Add(($"{field}[{i}]", "Missing interval."));
            }
            else if (interval.Length <= TimeSpan.Zero)
            {
                errors.Add(($"{field}[{i}]", $"Start {interval.Start:HH\\:mm} must be before end {interval.End:HH\\:mm} (00:00 as end means 24:00)."));
            }
            else
            {
                valid.Add((i, interval));
            }
        }

        // Against the latest end so far, so that one long interval is seen to overlap every later one inside it.
        (int Index, TimeSpan End)? latest = null;
        foreach (var (index, interval) in valid.OrderBy(item => item.Interval.Start))
        {
            if (latest is { } before && interval.Start.ToTimeSpan() < before.End)
            {
                errors.Add(($"{field}[{index}]", $"Overlaps {field}[{before.Index}]."));
            }

            if (latest is null || interval.EndOfDay > latest.Value.End)
            {
                latest = (index, interval.EndOfDay);
            }
        }
    }
}
