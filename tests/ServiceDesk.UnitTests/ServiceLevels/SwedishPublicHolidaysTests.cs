using PublicHoliday;
using ServiceDesk.Application.ServiceLevels;

namespace ServiceDesk.UnitTests.ServiceLevels;

public sealed class SwedishPublicHolidaysTests
{
    [Theory]
    [InlineData("2026-01-01")] // nyårsdagen
    [InlineData("2026-01-06")] // trettondedag jul
    [InlineData("2026-04-03")] // långfredagen
    [InlineData("2026-04-05")] // påskdagen
    [InlineData("2026-04-06")] // annandag påsk
    [InlineData("2026-05-01")] // första maj
    [InlineData("2026-05-14")] // Kristi himmelsfärds dag
    [InlineData("2026-06-06")] // nationaldagen
    [InlineData("2026-06-19")] // midsommarafton
    [InlineData("2026-06-20")] // midsommardagen
    [InlineData("2026-10-31")] // alla helgons dag
    [InlineData("2026-12-24")] // julafton
    [InlineData("2026-12-25")] // juldagen
    [InlineData("2026-12-26")] // annandag jul
    [InlineData("2026-12-31")] // nyårsafton
    [InlineData("2027-06-25")] // midsommarafton 2027
    public void Swedish_holidays_of_2026_are_holidays(string date)
    {
        Assert.True(SwedishPublicHolidays.IsHoliday(DateOnly.Parse(date)));
        Assert.True(SwedishPublicHolidays.Source(DateOnly.Parse(date)));
    }

    [Theory]
    [InlineData("2026-06-16")] // a plain Tuesday
    [InlineData("2026-06-13")] // a plain Saturday: weekends are closed by the weekly hours, not as holidays
    [InlineData("2026-06-18")] // the day before midsommarafton
    [InlineData("2026-12-23")]
    [InlineData("2026-04-02")] // skärtorsdagen is a working day
    public void Other_days_are_not(string date)
    {
        Assert.False(SwedishPublicHolidays.IsHoliday(DateOnly.Parse(date)));
    }

    [Theory]
    [InlineData(2026, 6, 19)] // midsommarafton
    [InlineData(2026, 12, 24)] // julafton
    [InlineData(2026, 12, 31)] // nyårsafton
    public void The_three_eves_come_from_the_package_itself_not_from_the_wrapper(int year, int month, int day)
    {
        // If a new version of PublicHoliday drops an eve, this fails: add it in SwedishPublicHolidays then.
        Assert.True(new SwedenPublicHoliday().IsPublicHoliday(new DateTime(year, month, day)));
    }

    [Fact]
    public void A_whole_year_has_the_sixteen_days_of_the_package()
    {
        var days = Enumerable.Range(0, 365).Select(new DateOnly(2026, 1, 1).AddDays).Where(SwedishPublicHolidays.IsHoliday).ToList();

        Assert.Equal(16, days.Count); // 13 red days, pingstdagen, and the three eves; 2026 has 16 (midsommardagen on Saturday)
        Assert.Equal(new SwedenPublicHoliday().PublicHolidays(2026).Select(DateOnly.FromDateTime).Order(), days);
    }
}
