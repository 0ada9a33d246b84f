using ServiceDesk.Domain.Statistics;

namespace ServiceDesk.Domain.Problems;

/// <summary>
/// What the detection rules share to describe a cluster: the terms' document frequencies in the customer's horizon,
/// their IDF weight, a cluster's top terms, the canonical form of a grouping value, and the finding made of a rule
/// cluster's members.
/// </summary>
internal static class ClusterEvidence
{
    public static Dictionary<string, int> DocumentFrequencies(List<TicketFacts> incidents)
    {
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in incidents.SelectMany(i => i.Terms))
        {
            df[term] = df.GetValueOrDefault(term) + 1;
        }
        return df;
    }

    public static double Idf(string term, IReadOnlyDictionary<string, int> df, int documents) =>
        Math.Log((1.0 + documents) / (1.0 + df.GetValueOrDefault(term)));

    /// <summary>Terms that characterise the cluster: frequent in it, rare in the customer's other incidents (TF × IDF).</summary>
    public static IReadOnlyList<string> TopTerms(List<TicketFacts> members, Dictionary<string, int> df, int documents) =>
        members.SelectMany(m => m.Terms)
            .GroupBy(t => t, StringComparer.Ordinal)
            .Select(g => (Term: g.Key, Score: g.Count() * Idf(g.Key, df, documents)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score).ThenBy(x => x.Term, StringComparer.Ordinal)
            .Take(5)
            .Select(x => x.Term)
            .ToList();

    public static ProblemFinding Finding(
        DetectionRule rule, string dimension, string value, string fingerprint, List<TicketFacts> members,
        int threshold, double expected, Dictionary<string, int> df, int documents) =>
        new(rule, dimension, value, fingerprint, members.Select(m => m.Number).ToList(), members[0].CreatedAt, members[^1].CreatedAt,
            threshold, expected, TopTerms(members, df, documents));

    /// <summary>The form of a grouping value (configuration item, service, category, requester) that rules compare.</summary>
    public static string Canonical(string value) => TextNormalizer.Fold(value.Trim());
}
