namespace ServiceDesk.UnitTests.ServiceLevels;

/// <summary>Instants for the calendar tests: Stockholm wall-clock times and plain UTC.</summary>
internal static class Times
{
    private static readonly TimeZoneInfo StockholmZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    /// <summary>An unambiguous Stockholm wall-clock time as an instant with its local offset.</summary>
    public static DateTimeOffset Stockholm(int year, int month, int day, int hour, int minute = 0)
    {
        var local = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, StockholmZone.GetUtcOffset(local));
    }

    public static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>Asserts the same instant and that the result is given in UTC.</summary>
    public static void AssertUtc(DateTimeOffset expected, DateTimeOffset actual)
    {
        Assert.Equal(expected.UtcDateTime, actual.UtcDateTime);
        Assert.Equal(TimeSpan.Zero, actual.Offset);
    }
}
