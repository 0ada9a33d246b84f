using ServiceDesk.Domain.Statistics;

namespace ServiceDesk.Domain.Problems;

/// <summary>
/// The reopen rule: one requester or device whose incidents of one category (or service) were reopened repeatedly
/// within <see cref="DetectionSettings.ReopenWindow"/>. It compares a requester with itself, so it needs no baseline.
/// Each cluster comes with whether it is recent (its newest member within the window).
/// </summary>
internal static class ReopenRule
{
    public static IEnumerable<(ProblemFinding Finding, bool Recent)> Find(
        List<TicketFacts> incidents, DetectionSettings settings, DateTimeOffset now, Dictionary<string, int> df)
    {
        var groups = incidents
            .Where(i => !i.LinkedToProblem && (i.Category ?? i.Service) is not null)
            .SelectMany(i => new[]
            {
                (Dimension: "requester", Who: i.RequesterId, Incident: i),
                (Dimension: "device", Who: i.ConfigurationItem, Incident: i),
            })
            .Where(x => !string.IsNullOrWhiteSpace(x.Who))
            .GroupBy(x => (x.Dimension, Who: ClusterEvidence.Canonical(x.Who!), Kind: ClusterEvidence.Canonical((x.Incident.Category ?? x.Incident.Service)!)));
        foreach (var group in groups)
        {
            var list = group.Select(x => x.Incident).ToList();
            if (list.Sum(i => i.ReopenCount) < settings.MinReopens)
            {
                continue;
            }
            int? bestFrom = null, bestTo = null;
            var start = 0;
            for (var end = 0; end < list.Count; end++)
            {
                while (list[start].CreatedAt < list[end].CreatedAt - settings.ReopenWindow)
                {
                    start++;
                }
                var window = list.GetRange(start, end - start + 1);
                var reopens = window.Sum(i => i.ReopenCount);
                if (reopens >= settings.MinReopens && window.Count + reopens >= settings.MinReopenEvents)
                {
                    bestFrom = bestFrom is null || bestTo < start ? start : bestFrom;
                    bestTo = end;
                }
            }
            if (bestFrom is null || bestTo is null)
            {
                continue;
            }
            var members = list.GetRange(bestFrom.Value, bestTo.Value - bestFrom.Value + 1);
            var who = group.Key.Dimension == "requester" ? members[0].RequesterId : members[0].ConfigurationItem!;
            var kind = members[0].Category ?? members[0].Service!;
            yield return (ClusterEvidence.Finding(DetectionRule.Reopen, group.Key.Dimension, $"{who} / {kind}",
                $"reopen|{group.Key.Dimension}|{group.Key.Who}|{group.Key.Kind}", members,
                settings.MinReopenEvents, members.Sum(m => m.ReopenCount), df, incidents.Count),
                members[^1].CreatedAt >= now - settings.ReopenWindow);
        }
    }
}
