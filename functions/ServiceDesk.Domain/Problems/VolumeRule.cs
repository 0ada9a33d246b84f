using ServiceDesk.Domain.Statistics;

namespace ServiceDesk.Domain.Problems;

/// <summary>
/// The volume rule: per configuration item, service and category, a sliding window of <see cref="DetectionSettings.Window"/>
/// holding at least <see cref="DetectionSettings.MinIncidents"/> incidents and more than the usual rate makes probable
/// (<see cref="PoissonThreshold"/>). Each cluster comes with whether it is recent (its newest member within the window).
/// </summary>
internal static class VolumeRule
{
    private static readonly (string Dimension, Func<TicketFacts, string?> Key)[] Dimensions =
    [
        ("configurationItem", f => f.ConfigurationItem),
        ("service", f => f.Service),
        ("category", f => f.Category),
    ];

    public static IEnumerable<(ProblemFinding Finding, bool Recent)> Find(
        List<TicketFacts> incidents, DetectionSettings settings, TimeSpan baselineSpan, DateTimeOffset now, Dictionary<string, int> df)
    {
        foreach (var (dimension, key) in Dimensions)
        {
            foreach (var found in InDimension(incidents, dimension, key, settings, baselineSpan, now, df))
            {
                yield return found;
            }
        }
    }

    private static IEnumerable<(ProblemFinding Finding, bool Recent)> InDimension(
        List<TicketFacts> incidents, string dimension, Func<TicketFacts, string?> key, DetectionSettings settings,
        TimeSpan baselineSpan, DateTimeOffset now, Dictionary<string, int> df)
    {
        var window = settings.Window;
        var span = Max(baselineSpan - window, window);
        foreach (var group in incidents.Where(i => !string.IsNullOrWhiteSpace(key(i))).GroupBy(i => ClusterEvidence.Canonical(key(i)!)))
        {
            var total = group.Count();
            var open = group.Where(i => !i.LinkedToProblem).ToList();
            if (open.Count < settings.MinIncidents)
            {
                continue;
            }
            var bursts = new List<(int From, int To, int Threshold, double Expected)>();
            var start = 0;
            for (var end = 0; end < open.Count; end++)
            {
                while (open[start].CreatedAt <= open[end].CreatedAt - window)
                {
                    start++;
                }
                var count = end - start + 1;
                if (count < settings.MinIncidents)
                {
                    continue;
                }
                var expected = Math.Max(0, total - count) * (window / span);
                var threshold = Math.Max(settings.MinIncidents, PoissonThreshold.Spike(expected, settings));
                if (count < threshold)
                {
                    continue;
                }
                if (bursts.Count > 0 && bursts[^1].To >= start)
                {
                    var last = bursts[^1];
                    bursts[^1] = (last.From, end, Math.Max(last.Threshold, threshold), Math.Max(last.Expected, expected));
                }
                else
                {
                    bursts.Add((start, end, threshold, expected));
                }
            }
            foreach (var (from, to, threshold, expected) in bursts)
            {
                var members = open.GetRange(from, to - from + 1);
                var value = key(members[0])!;
                yield return (ClusterEvidence.Finding(DetectionRule.Volume, dimension, value, $"volume|{dimension}|{group.Key}",
                    members, threshold, Math.Round(expected, 2), df, incidents.Count), members[^1].CreatedAt >= now - window);
            }
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
