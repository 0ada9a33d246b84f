using ServiceDesk.Application.Problems.Samples;
using ServiceDesk.Domain.Problems;
using ServiceDesk.Domain.Statistics;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Problems;

/// <summary>
/// Replays a generated stream the way the timer sees it: every <c>interval</c> the detector runs over each customer's
/// facts of the horizon as they were at that time (reopens counted once they happened), and its findings go through
/// the candidate matcher into an in-memory candidate list. Then the candidates are scored against the ground truth.
/// </summary>
public static class DetectionReplay
{
    public sealed record Score(int Candidates, int TruePositives, int Planted, int Found, IReadOnlyList<string> Misses, IReadOnlyList<string> FalsePositives)
    {
        public double Precision => Candidates == 0 ? 1 : (double)TruePositives / Candidates;
        public double Recall => Planted == 0 ? 1 : (double)Found / Planted;
        public override string ToString() =>
            $"candidates {Candidates}, true {TruePositives}, planted {Planted}, found {Found}, precision {Precision:F3}, recall {Recall:F3}";
    }

    public static IReadOnlyList<ProblemCandidate> Run(SampleStream stream, DetectionSettings settings, TimeSpan interval)
    {
        var terms = stream.Incidents.ToDictionary(i => i.Key, i => TextNormalizer.Terms(i.Title + "\n" + i.Description));
        var candidates = new List<ProblemCandidate>();
        foreach (var customer in stream.Incidents.GroupBy(i => i.CustomerId))
        {
            var incidents = customer.OrderBy(i => i.CreatedAt).ToList();
            var mine = new List<ProblemCandidate>();
            for (var now = stream.Start + interval; now <= stream.End + interval; now += interval)
            {
                var facts = incidents
                    .Where(i => i.CreatedAt <= now && i.CreatedAt >= now - settings.Horizon)
                    .Select(i => FactsAt(i, now, terms[i.Key]))
                    .ToList();
                foreach (var finding in ProblemDetector.Detect(facts, settings, now))
                {
                    switch (CandidateMatcher.Decide(mine, finding, now))
                    {
                        case CandidateDecision.Create:
                            mine.Add(ProblemCandidate.Propose($"{customer.Key}.{mine.Count + 1}", customer.Key, finding, now));
                            break;
                        case CandidateDecision.Update update:
                            mine[mine.FindIndex(c => c.Id == update.Candidate.Id)] = update.Candidate;
                            break;
                    }
                }
            }
            candidates.AddRange(mine);
        }
        return candidates;
    }

    public static TicketFacts FactsAt(SampleIncident i, DateTimeOffset now, IReadOnlyList<string> terms) => new()
    {
        Number = i.Key,
        CustomerId = i.CustomerId,
        Kind = TicketKind.Incident,
        Version = 1,
        Status = TicketStatus.New,
        Priority = PriorityMatrix.For(i.Impact, i.Urgency),
        Service = i.Service,
        ConfigurationItem = i.ConfigurationItem,
        Category = i.Category,
        RequesterId = i.RequesterId,
        CreatedAt = i.CreatedAt,
        UpdatedAt = i.CreatedAt,
        ReopenCount = i.ReopenAfter.Count(after => i.CreatedAt + after <= now),
        Terms = terms,
    };

    /// <summary>
    /// A candidate is a true positive when most of its members belong to one planted problem that no earlier
    /// candidate already claimed (a duplicate counts as a false positive). A planted problem is found when a true
    /// positive candidate claims it.
    /// </summary>
    public static Score Evaluate(SampleStream stream, IReadOnlyList<ProblemCandidate> candidates)
    {
        var truth = stream.Incidents.ToDictionary(i => i.Key, i => i.PlantedProblem);
        var claimed = new HashSet<string>();
        var falsePositives = new List<string>();
        foreach (var candidate in candidates.OrderBy(c => c.DetectedAt))
        {
            var majority = candidate.Members
                .GroupBy(m => truth.GetValueOrDefault(m))
                .OrderByDescending(g => g.Count())
                .First();
            if (majority.Key is not null && majority.Count() * 2 > candidate.Members.Count && claimed.Add(majority.Key))
            {
                continue;
            }
            falsePositives.Add($"{candidate.Rule} {candidate.Dimension}={candidate.Value} [{candidate.Members.Count}] majority={majority.Key ?? "noise"}");
        }
        var misses = stream.Problems.Where(p => !claimed.Contains(p.Id)).Select(p => $"{p.Id} ({p.Kind}, {p.Members.Count}): {p.Summary}").ToList();
        return new Score(candidates.Count, claimed.Count, stream.Problems.Count, claimed.Count, misses, falsePositives);
    }
}
