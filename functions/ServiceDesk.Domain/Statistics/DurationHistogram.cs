namespace ServiceDesk.Domain.Statistics;

/// <summary>
/// Durations counted in fixed, roughly logarithmic minute bins, so medians and 90th percentiles can be merged across
/// days and dimensions and a ticket's earlier contribution can be subtracted exactly. A percentile is reported as
/// the interpolated position inside its bin (error at most the bin width: 5 minutes at the short end, a day or two
/// at the long end).
/// </summary>
public static class DurationHistogram
{
    /// <summary>Upper bounds (exclusive) of the bins in minutes; the last bin is open-ended.</summary>
    public static readonly int[] UpperBoundsMinutes =
    [
        5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320, 5760, 7200, 10080,
        14400, 20160, 30240, 43200, 86400,
    ];

    public static int Bins => UpperBoundsMinutes.Length + 1;

    public static int BinOf(TimeSpan duration)
    {
        var minutes = Math.Max(0, duration.TotalMinutes);
        for (var i = 0; i < UpperBoundsMinutes.Length; i++)
        {
            if (minutes < UpperBoundsMinutes[i])
            {
                return i;
            }
        }
        return UpperBoundsMinutes.Length;
    }

    /// <summary>The q-quantile (0..1) in minutes, or null for an empty histogram.</summary>
    public static double? Quantile(IReadOnlyList<long> counts, double q)
    {
        var total = counts.Sum();
        if (total <= 0)
        {
            return null;
        }
        var rank = q * total;
        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] <= 0)
            {
                continue;
            }
            if (seen + counts[i] >= rank)
            {
                double lower = i == 0 ? 0 : UpperBoundsMinutes[i - 1];
                double upper = i < UpperBoundsMinutes.Length ? UpperBoundsMinutes[i] : lower * 2;
                var within = (rank - seen) / counts[i];
                return Math.Round(lower + (upper - lower) * within, 1);
            }
            seen += counts[i];
        }
        return UpperBoundsMinutes[^1];
    }
}
