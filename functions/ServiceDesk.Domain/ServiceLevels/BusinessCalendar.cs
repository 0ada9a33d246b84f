namespace ServiceDesk.Domain.ServiceLevels;

/// <summary>
/// Business-time maths over a <see cref="CalendarDefinition"/>: whether an instant is within working hours, how much
/// business time lies between two instants, and when a given amount of business time has elapsed. Working hours are
/// local wall-clock times in the calendar's zone and are turned into instants day by day, across clock changes.
/// Results are in UTC (offset 0).
/// </summary>
/// <param name="definition">The calendar; its time zone must exist (see <see cref="CalendarDefinition.Validate"/>).</param>
/// <param name="isPublicHoliday">Whether a local date is a public holiday; asked only when
/// <see cref="CalendarDefinition.SwedishPublicHolidays"/> is on.</param>
public sealed class BusinessCalendar(CalendarDefinition definition, Func<DateOnly, bool> isPublicHoliday)
{
    /// <summary>Consecutive days without any working time after which <see cref="Add"/> gives up.</summary>
    public const int MaxClosedDaysInARow = 3 * 366;

    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(definition.TimeZone);
    private readonly HashSet<DateOnly> _closedDays = [.. definition.ClosedDays ?? []];

    /// <summary>A calendar open around the clock.</summary>
    public static BusinessCalendar AlwaysOpen { get; } = new(CalendarDefinition.TwentyFourSeven, _ => false);

    /// <summary>The definition this calendar computes with.</summary>
    public CalendarDefinition Definition { get; } = definition;

    /// <summary>Whether <paramref name="instant"/> lies within working hours.</summary>
    public bool IsOpen(DateTimeOffset instant) =>
        instant.UtcDateTime < DateTime.MaxValue && Between(instant, instant.AddTicks(1)) > TimeSpan.Zero;

    /// <summary>Business time in [<paramref name="from"/>, <paramref name="to"/>); zero when <paramref name="to"/> is not after <paramref name="from"/>.</summary>
    public TimeSpan Between(DateTimeOffset from, DateTimeOffset to)
    {
        var start = from.UtcDateTime;
        var end = to.UtcDateTime;
        var total = TimeSpan.Zero;
        if (end <= start)
        {
            return total;
        }

        foreach (var (open, close) in OpenIntervals(start, end))
        {
            if (open >= end)
            {
                break;
            }

            total += (close < end ? close : end) - open;
        }

        return total;
    }

    /// <summary>
    /// The instant at which <paramref name="businessTime"/> of business time has elapsed after <paramref name="start"/>;
    /// outside working hours counting begins at the next opening. Zero gives <paramref name="start"/> itself.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The business time is negative.</exception>
    /// <exception cref="InvalidOperationException">The calendar is closed for more than <see cref="MaxClosedDaysInARow"/> days in a row.</exception>
    public DateTimeOffset Add(DateTimeOffset start, TimeSpan businessTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(businessTime, TimeSpan.Zero);
        if (businessTime == TimeSpan.Zero)
        {
            return start;
        }

        var remaining = businessTime;
        foreach (var (open, close) in OpenIntervals(start.UtcDateTime, until: null))
        {
            var available = close - open;
            if (remaining <= available)
            {
                return new DateTimeOffset(open + remaining, TimeSpan.Zero);
            }

            remaining -= available;
        }

        throw new InvalidOperationException("Unreachable: the open intervals never end.");
    }

    /// <summary>
    /// Working intervals as UTC instants, in order, not overlapping, none before <paramref name="from"/>. Stops after
    /// the local day of <paramref name="until"/>; without it, goes on until the guard against a never-open calendar.
    /// </summary>
    private IEnumerable<(DateTime Open, DateTime Close)> OpenIntervals(DateTime from, DateTime? until)
    {
        // The day before too: a clock change can make the end of yesterday's last interval fall after today's midnight.
        var day = LocalDate(from).AddDays(-1);
        DateOnly? lastDay = until is { } limit ? LocalDate(limit).AddDays(1) : null;
        var cursor = from;
        var closedInARow = 0;
        for (; lastDay is null || day <= lastDay; day = day.AddDays(1))
        {
            var anyOpen = false;
            foreach (var (localStart, localEnd) in LocalIntervals(day))
            {
                anyOpen = true;
                var open = ToUtc(localStart, earlier: true);
                var close = ToUtc(localEnd, earlier: false);
                if (open < cursor)
                {
                    open = cursor;
                }

                if (close > open)
                {
                    yield return (open, close);
                    cursor = close;
                }
            }

            closedInARow = anyOpen ? 0 : closedInARow + 1;
            if (lastDay is null && closedInARow > MaxClosedDaysInARow)
            {
                throw new InvalidOperationException(
                    $"The business calendar has no working hours in {MaxClosedDaysInARow} days in a row after {day.AddDays(-MaxClosedDaysInARow):yyyy-MM-dd}; "
                    + "it never opens, so a business-time target cannot be reached.");
            }
        }
    }

    /// <summary>The working intervals of one local day as local wall-clock times, in order; none on a closed day.</summary>
    private IEnumerable<(DateTime Start, DateTime End)> LocalIntervals(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        if (Definition.AlwaysOpen)
        {
            yield return (midnight, midnight.AddDays(1));
            yield break;
        }

        if (_closedDays.Contains(day)
            || (Definition.SwedishPublicHolidays && isPublicHoliday(day))
            || Definition.Hours is null
            || !Definition.Hours.TryGetValue(day.DayOfWeek, out var intervals)
            || intervals is null)
        {
            yield break;
        }

        foreach (var interval in intervals.Where(interval => interval?.Length > TimeSpan.Zero).OrderBy(interval => interval.Start))
        {
            yield return (midnight + interval.Start.ToTimeSpan(), midnight + interval.EndOfDay);
        }
    }

    private DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, _zone));

    /// <summary>
    /// The UTC instant of a local wall-clock time. In a spring-forward gap: the first valid instant after it (the
    /// change itself). Ambiguous (autumn): the earlier instant when <paramref name="earlier"/>, else the later one.
    /// </summary>
    private DateTime ToUtc(DateTime local, bool earlier)
    {
        if (_zone.IsInvalidTime(local))
        {
            // Gaps are whole minutes in practice; the first valid minute after the gap start is its end.
            local = new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Unspecified);
            for (var steps = 0; _zone.IsInvalidTime(local) && steps < 3 * 24 * 60; steps++)
            {
                local = local.AddMinutes(1);
            }
        }

        TimeSpan offset;
        if (_zone.IsAmbiguousTime(local))
        {
            var offsets = _zone.GetAmbiguousTimeOffsets(local);
            offset = earlier ? offsets.Max() : offsets.Min();
        }
        else
        {
            offset = _zone.GetUtcOffset(local);
        }

        return DateTime.SpecifyKind(local - offset, DateTimeKind.Utc);
    }
}
