namespace ServiceDesk.Domain.Statistics;

/// <summary>
/// Where a ticket's numbers are counted: a UTC day (<c>yyyyMMdd</c>) or <see cref="Current"/> (the backlog now), and
/// a dimension value. Dimension <see cref="All"/> with value <c>*</c> holds the customer's totals.
/// </summary>
public readonly record struct StatsBucket(string Day, string Dimension, string Value)
{
    public const string Current = "current";
    public const string None = "(none)";
    public const string All = "all";

    public static readonly string[] Dimensions = [All, "kind", "service", "configurationItem", "category", "priority", Vendor];

    /// <summary>Counted only for tickets handed to a vendor (value: the vendor id), so other tickets cost no extra row.</summary>
    public const string Vendor = "vendor";

    public static string DayOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>What one ticket version adds to the statistics. Idempotent by construction: a newer version's
/// contribution replaces the older one's (subtract old, add new), so replays and overlaps change nothing.</summary>
public static class StatsContribution
{
    public static Dictionary<StatsBucket, StatsCounters> Of(TicketFacts? facts)
    {
        var result = new Dictionary<StatsBucket, StatsCounters>();
        if (facts is null)
        {
            return result;
        }
        StatsCounters At(string day, string dimension, string value)
        {
            var key = new StatsBucket(day, dimension, value);
            if (!result.TryGetValue(key, out var counters))
            {
                result[key] = counters = new StatsCounters();
            }
            return counters;
        }
        var values = DimensionValues(facts);
        foreach (var (dimension, value) in values)
        {
            var opened = At(StatsBucket.DayOf(facts.CreatedAt), dimension, value);
            opened.Opened++;
            if (facts.ReopenCount > 0)
            {
                opened.Reopened++;
            }
            if (facts.FirstResponseAt is { } responded)
            {
                At(StatsBucket.DayOf(responded), dimension, value).Response[DurationHistogram.BinOf(responded - facts.CreatedAt)]++;
            }
            if (facts.ResolvedAt is { } resolvedAt)
            {
                var resolved = At(StatsBucket.DayOf(resolvedAt), dimension, value);
                resolved.Resolved++;
                resolved.Resolution[DurationHistogram.BinOf(resolvedAt - facts.CreatedAt)]++;
                if (facts.ResolvedOnFirstContact)
                {
                    resolved.FirstContact++;
                }
            }
            if (facts.IsOpen)
            {
                At(StatsBucket.Current, dimension, value).Backlog++;
            }
            foreach (var sla in facts.Sla)
            {
                var counters = At(StatsBucket.DayOf(sla.DecidedAt), dimension, value);
                (sla.Met ? counters.SlaMet : counters.SlaBreached)[(int)sla.Target]++;
            }
            if (facts.VendorResolve is { } vendor)
            {
                var counters = At(StatsBucket.DayOf(vendor.DecidedAt), dimension, value);
                if (vendor.Met)
                {
                    counters.VendorMet++;
                }
                else
                {
                    counters.VendorBreached++;
                }
            }
        }
        return result;
    }

    /// <summary>New minus old, per bucket; buckets whose difference is zero are left out.</summary>
    public static Dictionary<StatsBucket, StatsCounters> Delta(TicketFacts? previous, TicketFacts? current)
    {
        var delta = Of(current);
        foreach (var (bucket, counters) in Of(previous))
        {
            if (!delta.TryGetValue(bucket, out var d))
            {
                delta[bucket] = d = new StatsCounters();
            }
            d.Add(counters, -1);
        }
        foreach (var bucket in delta.Where(kv => kv.Value.IsZero).Select(kv => kv.Key).ToList())
        {
            delta.Remove(bucket);
        }
        return delta;
    }

    public static IEnumerable<(string Dimension, string Value)> DimensionValues(TicketFacts facts)
    {
        IEnumerable<(string, string)> values =
        [
            (StatsBucket.All, "*"),
            ("kind", facts.Kind.ToString()),
            ("service", Or(facts.Service)),
            ("configurationItem", Or(facts.ConfigurationItem)),
            ("category", Or(facts.Category)),
            ("priority", ((int)facts.Priority).ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ];
        return facts.VendorId is { } vendor ? values.Append((StatsBucket.Vendor, vendor)) : values;
    }

    private static string Or(string? value) => string.IsNullOrWhiteSpace(value) ? StatsBucket.None : value.Trim();
}
