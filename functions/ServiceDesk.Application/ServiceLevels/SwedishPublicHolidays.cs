using System.Collections.Concurrent;
using PublicHoliday;

namespace ServiceDesk.Application.ServiceLevels;

/// <summary>
/// Swedish public holidays from the PublicHoliday package (<see cref="SwedenPublicHoliday"/>), cached per year, as the
/// holiday source of a <see cref="Domain.ServiceLevels.BusinessCalendar"/>.
/// </summary>
/// <remarks>
/// Swedish service desks are closed on midsommarafton, julafton and nyårsafton although they are not red days in law.
/// The package's Swedish calendar already lists all three (its MidsummerEve, ChristmasEve and NewYearsEve), so nothing
/// is added here; the unit tests check that it still does.
/// </remarks>
public static class SwedishPublicHolidays
{
    private static readonly ConcurrentDictionary<int, HashSet<DateOnly>> ByYear = new();

    /// <summary>The holiday source to give a business calendar.</summary>
    public static Func<DateOnly, bool> Source { get; } = IsHoliday;

    /// <summary>Whether <paramref name="date"/> is a Swedish public holiday or one of the eves above (Sundays are
    /// holidays only where the law names one, such as Easter Day; a calendar closes them through its weekly hours).</summary>
    public static bool IsHoliday(DateOnly date) => ByYear.GetOrAdd(date.Year, HolidaysOf).Contains(date);

    /// <summary>Asks the package day by day, once per year (a fresh instance: the package's calendars are mutable).</summary>
    private static HashSet<DateOnly> HolidaysOf(int year)
    {
        var calendar = new SwedenPublicHoliday();
        var first = new DateOnly(year, 1, 1);
        return [.. Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365)
            .Select(first.AddDays)
            .Where(day => calendar.IsPublicHoliday(day.ToDateTime(TimeOnly.MinValue)))];
    }
}
