namespace ServiceDesk.Domain.ServiceLevels;

/// <summary>
/// One interval of working hours on a day, in local wall-clock time of the calendar's zone. <see cref="End"/> at
/// 00:00 (<see cref="TimeOnly.MinValue"/>) means the end of the day (24:00), so a whole day is <c>new(00:00, 00:00)</c>.
/// </summary>
public sealed record WorkingHours(TimeOnly Start, TimeOnly End)
{
    /// <summary>True when <see cref="End"/> is 24:00 (written as 00:00).</summary>
    public bool EndsAtMidnight => End == TimeOnly.MinValue;

    /// <summary>The end as a time of day from 00:00, 24 hours when it ends at midnight.</summary>
    public TimeSpan EndOfDay => EndsAtMidnight ? TimeSpan.FromDays(1) : End.ToTimeSpan();

    /// <summary>Nominal length of the interval on a day without a clock change (zero or less when invalid).</summary>
    public TimeSpan Length => EndOfDay - Start.ToTimeSpan();
}
