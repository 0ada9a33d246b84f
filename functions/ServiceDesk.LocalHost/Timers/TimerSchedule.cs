using System.Globalization;
using NCrontab;

namespace ServiceDesk.LocalHost.Timers;

/// <summary>
/// A timer trigger schedule: a 6-field NCRONTAB expression (with seconds, as in Azure Functions) or a
/// constant TimeSpan interval such as <c>00:05:00</c>.
/// </summary>
public sealed class TimerSchedule
{
    private readonly CrontabSchedule? _cron;
    private readonly TimeSpan? _interval;

    private TimerSchedule(CrontabSchedule? cron, TimeSpan? interval)
    {
        _cron = cron;
        _interval = interval;
    }

    public static TimerSchedule Parse(string expression)
    {
        var trimmed = expression.Trim();
        if (!trimmed.Contains(' ') && TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return new TimerSchedule(null, interval);
        }
        var cron = CrontabSchedule.TryParse(trimmed, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
                   ?? throw new FormatException(
                       $"'{expression}' is not a 6-field NCRONTAB expression ({{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}) nor a TimeSpan.");
        return new TimerSchedule(cron, null);
    }

    /// <summary>The next occurrence strictly after <paramref name="after"/> (UTC, as WEBSITE_TIME_ZONE is not set locally).</summary>
    public DateTime GetNextOccurrence(DateTime after) =>
        _interval is { } interval ? after + interval : _cron!.GetNextOccurrence(after);
}
