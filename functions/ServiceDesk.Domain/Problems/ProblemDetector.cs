using ServiceDesk.Domain.Statistics;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Domain.Problems;

/// <summary>
/// Finds clusters of incidents that look like recurring problems. Pure: it sees the facts of one customer's recent
/// tickets (the detection horizon) and the time, nothing else, so the same input always gives the same findings.
/// Three passes, each leaving out incidents already linked to a problem:
/// <list type="number">
/// <item>Volume (<see cref="VolumeRule"/>): per configuration item, service and category, a sliding window of <see cref="DetectionSettings.Window"/>
/// holding at least <see cref="DetectionSettings.MinIncidents"/> incidents and more than the usual rate makes probable.</item>
/// <item>Reopen (<see cref="ReopenRule"/>): one requester or device whose incidents of one category were reopened repeatedly.</item>
/// <item>Similarity (<see cref="SimilarityRule"/>): incidents clustered by the text of title and description (MinHash/LSH for candidate pairs,
/// IDF-weighted Jaccard to confirm, largest-neighbourhood-first clusters without chaining). A text cluster must be a
/// burst of its signature terms against the customer's history (the volume rule's test); text around a rule cluster
/// joins that cluster as evidence (its unclassified e-mail tickets) instead of becoming a finding of its own.</item>
/// </list>
/// A cluster is reported while it is recent (its newest member within the rule's window); older ones were reported
/// by earlier runs. Findings that mostly repeat an earlier finding's members are dropped (most specific first).
/// </summary>
public static class ProblemDetector
{
    public static IReadOnlyList<ProblemFinding> Detect(IReadOnlyList<TicketFacts> facts, DetectionSettings settings, DateTimeOffset now)
    {
        var horizonStart = now - settings.Horizon;
        var incidents = facts
            .Where(f => f.Kind == TicketKind.Incident && f.CreatedAt >= horizonStart && f.CreatedAt <= now)
            .OrderBy(f => f.CreatedAt).ThenBy(f => f.Number, StringComparer.Ordinal)
            .ToList();
        if (incidents.Count == 0)
        {
            return [];
        }
        var documentFrequency = ClusterEvidence.DocumentFrequencies(incidents);
        var kept = new List<ProblemFinding>();
        void Keep(ProblemFinding finding)
        {
            var members = finding.Members.ToHashSet(StringComparer.Ordinal);
            // A broader finding that mostly repeats a more specific one (or is mostly repeated by it) adds nothing.
            if (kept.Any(k => k.Members.Count(members.Contains) is var shared && (shared * 2 >= members.Count || shared * 2 >= k.Members.Count)))
            {
                return;
            }
            kept.Add(finding);
        }

        var oldest = facts.Count == 0 ? now : facts.Min(f => f.CreatedAt);
        var history = now - (oldest < horizonStart ? horizonStart : oldest);
        // Incidents in any rule cluster of the horizon, reported now or earlier, are not clustered again by text.
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        void Claim(ProblemFinding finding, bool recent)
        {
            claimed.UnionWith(finding.Members);
            if (recent)
            {
                Keep(finding);
            }
        }
        foreach (var (finding, recent) in ReopenRule.Find(incidents, settings, now, documentFrequency))
        {
            Claim(finding, recent);
        }
        if (history < settings.MinHistory)
        {
            // No baseline yet: only the reopen rule, which compares a requester with itself, can judge.
            return kept;
        }
        var baselineSpan = Min(history, settings.BaselinePeriod);
        var reopenFindings = kept.ToList();
        kept.Clear();
        foreach (var (finding, recent) in VolumeRule.Find(incidents, settings, baselineSpan, now, documentFrequency))
        {
            Claim(finding, recent);
        }
        foreach (var finding in reopenFindings)
        {
            Keep(finding);
        }
        foreach (var finding in SimilarityRule.Find(incidents, incidents, baselineSpan, settings, now, documentFrequency))
        {
            var shared = finding.Members.Count(claimed.Contains);
            if (shared == 0)
            {
                Keep(finding);
                continue;
            }
            // Text that matches a rule cluster is more of the same cluster (typically e-mail tickets that arrived
            // unclassified during an outage): it joins that finding as evidence instead of becoming a finding itself.
            var owner = kept.Select((k, index) => (Index: index, Shared: k.Members.Count(finding.Members.Contains)))
                .Where(x => x.Shared >= 2 && kept[x.Index].Rule != DetectionRule.Similarity)
                .OrderByDescending(x => x.Shared)
                .Select(x => (int?)x.Index)
                .FirstOrDefault();
            if (owner is null)
            {
                // Mostly new incidents: a finding of its own. Text around an older rule cluster: already reported.
                var unclaimed = finding.Members.Where(m => !claimed.Contains(m)).ToList();
                if (shared < 2 && unclaimed.Count >= settings.SimilarityMinIncidents)
                {
                    Keep(finding with { Members = unclaimed });
                }
            }
            else if (owner is { } i)
            {
                var byNumber = incidents.Where(x => finding.Members.Contains(x.Number)).ToDictionary(x => x.Number, StringComparer.Ordinal);
                var joined = kept[i].Members.Union(
                    finding.Members.Where(m => !claimed.Contains(m) && Unclassified(byNumber[m])), StringComparer.Ordinal).ToList();
                kept[i] = kept[i] with { Members = joined };
                claimed.UnionWith(joined);
            }
        }
        return kept;
    }

    /// <inheritdoc cref="Problems.PoissonThreshold.Overdispersion"/>
    public const double Overdispersion = Problems.PoissonThreshold.Overdispersion;

    /// <inheritdoc cref="Problems.PoissonThreshold.Of"/>
    public static int PoissonThreshold(double expected, double significance) => Problems.PoissonThreshold.Of(expected, significance);

    private static bool Unclassified(TicketFacts f) =>
        string.IsNullOrWhiteSpace(f.ConfigurationItem) && string.IsNullOrWhiteSpace(f.Service) && string.IsNullOrWhiteSpace(f.Category);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
