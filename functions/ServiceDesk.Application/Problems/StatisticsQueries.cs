using System.Globalization;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Statistics;
using ServiceDesk.Domain.Surveys;

namespace ServiceDesk.Application.Problems;

/// <summary>Per value of one dimension: what happened in the period, and the backlog now.</summary>
public sealed record StatsFigures(
    string Value, long Opened, long Resolved, long Reopened, double? FirstContactRate,
    double? ResponseMedianMinutes, double? ResponseP90Minutes, double? ResolutionMedianMinutes, double? ResolutionP90Minutes, long Backlog,
    SlaCompliance Sla)
{
    public static StatsFigures From(string value, StatsCounters c, long backlog) => new(
        value, c.Opened, c.Resolved, c.Reopened,
        c.Resolved == 0 ? null : Math.Round((double)c.FirstContact / c.Resolved, 3),
        DurationHistogram.Quantile(c.Response, 0.5), DurationHistogram.Quantile(c.Response, 0.9),
        DurationHistogram.Quantile(c.Resolution, 0.5), DurationHistogram.Quantile(c.Resolution, 0.9), backlog,
        SlaCompliance.From(c));
}

/// <summary>Targets met and breached in the period (counted on the day each was decided), and the share met.</summary>
public sealed record Compliance(long Met, long Breached, double? Rate)
{
    public static Compliance Of(long met, long breached) => new(met, breached, met + breached == 0 ? null : Math.Round((double)met / (met + breached), 3));
}

/// <summary>Service level compliance per target, and the vendors' resolve targets (reported apart).</summary>
public sealed record SlaCompliance(Compliance FirstResponse, Compliance Resolution, Compliance Fulfilment, Compliance Vendor)
{
    public static SlaCompliance From(StatsCounters c) => new(
        Compliance.Of(c.SlaMet[(int)Domain.ServiceLevels.SlaTargetKind.FirstResponse], c.SlaBreached[(int)Domain.ServiceLevels.SlaTargetKind.FirstResponse]),
        Compliance.Of(c.SlaMet[(int)Domain.ServiceLevels.SlaTargetKind.Resolution], c.SlaBreached[(int)Domain.ServiceLevels.SlaTargetKind.Resolution]),
        Compliance.Of(c.SlaMet[(int)Domain.ServiceLevels.SlaTargetKind.Fulfilment], c.SlaBreached[(int)Domain.ServiceLevels.SlaTargetKind.Fulfilment]),
        Compliance.Of(c.VendorMet, c.VendorBreached));
}

public sealed record StatsReport(string CustomerId, string From, string To, string Dimension, IReadOnlyList<StatsFigures> Values, IReadOnlyList<StatsDay> Days)
{
    /// <summary>Customer satisfaction of the period (answers counted on the day they were given), overall and per assignment group.</summary>
    public CsatReport? Csat { get; init; }
}

/// <summary>The period's satisfaction answers: all together, and per assignment group (<c>(none)</c> for tickets without one).</summary>
public sealed record CsatReport(long Responses, double? Average, IReadOnlyList<long> Distribution, long Low, IReadOnlyList<CsatGroup> Groups);

public sealed record CsatGroup(string Group, long Responses, double? Average, IReadOnlyList<long> Distribution, long Low);

/// <summary>One day of the dimension's totals (all values together).</summary>
public sealed record StatsDay(string Day, long Opened, long Resolved, long Reopened, long FirstContact);

/// <summary>
/// <c>GET /api/stats</c>: a customer's statistics for a period, for staff who serve the customer. End users are
/// refused (403); staff asking for a customer they do not serve get 404, as for tickets.
/// </summary>
public sealed class StatisticsQueries(IStatisticsReader reader, Surveys.ISurveyStore surveys)
{
    public const int MaxDays = 366;

    public async Task<StatsReport> GetAsync(Caller caller, string? customerId, string? from, string? to, string? dimension, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        if (!caller.IsStaff)
        {
            throw new ForbiddenException("Statistics are for service desk staff.");
        }
        var errors = new FieldErrors();
        if (customerId is null || !CustomerId.IsValid(customerId))
        {
            errors.Add("customerId", FieldRule.Required, "Give the customer: ?customerId=contoso.");
        }
        var fromDay = Day(errors, "from", from);
        var toDay = Day(errors, "to", to);
        var dim = dimension ?? StatsBucket.All;
        if (!StatsBucket.Dimensions.Contains(dim, StringComparer.Ordinal))
        {
            errors.Add("dimension", FieldRule.NotAllowed, $"'dimension' must be one of {string.Join(", ", StatsBucket.Dimensions)}.");
        }
        if (fromDay is { } f && toDay is { } t && (t < f || t.DayNumber - f.DayNumber >= MaxDays))
        {
            errors.Add("to", FieldRule.Inconsistent, $"'to' must be on or after 'from' and the period at most {MaxDays} days.");
        }
        errors.ThrowIfAny();
        if (!caller.Serves(customerId!))
        {
            throw new NotFoundException($"Customer '{customerId}' was not found.");
        }
        var fromKey = fromDay!.Value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var toKey = toDay!.Value.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var daysTask = reader.ReadDaysAsync(customerId!, dim, fromKey, toKey, ct);
        var currentTask = reader.ReadCurrentAsync(customerId!, dim, ct);
        var csatTask = surveys.ReadCountersAsync(customerId!, fromKey, toKey, ct);
        var days = await daysTask;
        var current = await currentTask;
        var csat = Csat(await csatTask);

        var totals = new Dictionary<string, StatsCounters>(StringComparer.Ordinal);
        foreach (var (bucket, counters) in days)
        {
            if (!totals.TryGetValue(bucket.Value, out var sum))
            {
                totals[bucket.Value] = sum = new StatsCounters();
            }
            sum.Add(counters);
        }
        var backlog = current.GroupBy(c => c.Bucket.Value, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(x => x.Counters.Backlog), StringComparer.Ordinal);
        var values = totals.Keys.Union(backlog.Where(b => b.Value != 0).Select(b => b.Key), StringComparer.Ordinal)
            .Select(v => StatsFigures.From(v, totals.GetValueOrDefault(v) ?? new StatsCounters(), backlog.GetValueOrDefault(v)))
            .OrderByDescending(v => v.Opened).ThenBy(v => v.Value, StringComparer.Ordinal)
            .ToList();
        var series = days.GroupBy(d => d.Bucket.Day, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new StatsDay(Iso(g.Key), g.Sum(x => x.Counters.Opened), g.Sum(x => x.Counters.Resolved), g.Sum(x => x.Counters.Reopened), g.Sum(x => x.Counters.FirstContact)))
            .ToList();
        return new StatsReport(customerId!, fromDay.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), toDay.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), dim, values, series)
        {
            Csat = csat,
        };
    }

    private static CsatReport Csat(IReadOnlyList<Surveys.CsatCounter> counters)
    {
        var all = CsatFigures.Of(CsatFigures.Sum(counters.Select(c => c.Counts)));
        var groups = counters.GroupBy(c => c.Group, StringComparer.Ordinal)
            .Select(g => (g.Key, Figures: CsatFigures.Of(CsatFigures.Sum(g.Select(c => c.Counts)))))
            .Where(g => g.Figures.Responses > 0)
            .OrderByDescending(g => g.Figures.Responses).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CsatGroup(g.Key, g.Figures.Responses, g.Figures.Average, g.Figures.Distribution, g.Figures.Low))
            .ToList();
        return new CsatReport(all.Responses, all.Average, all.Distribution, all.Low, groups);
    }

    private static DateOnly? Day(FieldErrors errors, string field, string? value)
    {
        if (value is not null && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        errors.Add(field, FieldRule.Date, $"Give '{field}' as a UTC date, e.g. 2025-03-01.");
        return null;
    }

    private static string Iso(string yyyyMMdd) => $"{yyyyMMdd[..4]}-{yyyyMMdd[4..6]}-{yyyyMMdd[6..]}";
}
