using ServiceDesk.Domain.Statistics;

namespace ServiceDesk.Domain.Problems;

/// <summary>
/// The similarity rule: incidents clustered by the text of title and description (MinHash/LSH for candidate pairs,
/// IDF-weighted Jaccard of <see cref="TermVectors"/> to confirm, largest-neighbourhood-first clusters without chaining).
/// A text cluster must be a burst of its signature terms against the customer's history (the volume rule's test,
/// <see cref="PoissonThreshold"/>) and recent (its newest member within <see cref="DetectionSettings.SimilarityWindow"/>).
/// </summary>
internal static class SimilarityRule
{
    public static IEnumerable<ProblemFinding> Find(
        List<TicketFacts> pool, List<TicketFacts> allIncidents, TimeSpan baselineSpan, DetectionSettings settings,
        DateTimeOffset now, Dictionary<string, int> df)
    {
        var documents = allIncidents.Count;
        var since = now - 2 * settings.SimilarityWindow;
        var items = pool.Where(i => !i.LinkedToProblem && i.CreatedAt >= since && i.Terms.Count >= 2).ToList();
        if (items.Count < settings.SimilarityMinIncidents)
        {
            return [];
        }
        // Each item's terms as sorted ids with their IDF weight computed once: a pair's weighted Jaccard is then one merge of
        // two short int arrays (the LSH bands propose millions of pairs at 100,000 incidents; string-keyed sets and a
        // logarithm per term made that 80 s for one customer).
        var vectors = new TermVectors(items, df, documents);
        var signatures = items.Select(i => MinHash.Signature(i.Terms)).ToList();
        var neighbours = items.Select(_ => new List<int>()).ToList();
        var compared = new HashSet<long>();
        for (var band = 0; band < MinHash.Bands; band++)
        {
            var buckets = new Dictionary<ulong, List<int>>();
            for (var i = 0; i < items.Count; i++)
            {
                var bandKey = MinHash.BandKey(signatures[i], band);
                if (!buckets.TryGetValue(bandKey, out var bucket))
                {
                    buckets[bandKey] = bucket = [];
                }
                bucket.Add(i);
            }
            foreach (var bucket in buckets.Values.Where(b => b.Count > 1))
            {
                for (var x = 0; x < bucket.Count; x++)
                {
                    for (var y = x + 1; y < bucket.Count; y++)
                    {
                        int a = bucket[x], b = bucket[y];
                        // a < b (buckets list items in order). Not (a << 32) | b: long's hash code XORs its halves, so
                        // that key collides for every pair with the same a ^ b and the set degenerates into lists.
                        if (!compared.Add((long)a * items.Count + b))
                        {
                            continue;
                        }
                        if ((items[a].CreatedAt - items[b].CreatedAt).Duration() > settings.SimilarityWindow)
                        {
                            continue;
                        }
                        if (vectors.Similarity(a, b) >= settings.SimilarityThreshold)
                        {
                            neighbours[a].Add(b);
                            neighbours[b].Add(a);
                        }
                    }
                }
            }
        }

        // Neighbourhood clusters without chaining: the incident with the most similar neighbours and those neighbours
        // form a cluster, then the next-largest neighbourhood of the rest, and so on. A cluster is described by its
        // signature (the most telling terms most members share) and must be a burst of that signature.
        var findings = new List<ProblemFinding>();
        var assigned = new bool[items.Count];
        var signatureTimes = new Dictionary<string, List<DateTimeOffset>>(StringComparer.Ordinal);
        var judged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var seed in Enumerable.Range(0, items.Count).OrderByDescending(i => neighbours[i].Count).ThenBy(i => i))
        {
            if (assigned[seed] || neighbours[seed].Count < settings.SimilarityMinIncidents - 1)
            {
                continue;
            }
            var members = neighbours[seed].Where(n => !assigned[n]).Append(seed).Order().ToList();
            // What follows depends only on this set of items. Near-identical texts (a template, a recurring phrase) are
            // each other's neighbours and propose the same set from every one of them: judge it once.
            if (items[members[^1]].CreatedAt < now - settings.SimilarityWindow || !judged.Add(string.Join(',', members)))
            {
                continue; // not recent (its newest member is the last: members are in time order), or judged already
            }
            var signatureIds = vectors.Signature(members);
            var signature = signatureIds.Select(vectors.Term).ToList();
            members = members.Where(m => vectors.CountOf(m, signatureIds) >= 2).ToList();
            if (members.Count < settings.SimilarityMinIncidents || signature.Count < 2)
            {
                continue;
            }
            // Already in (CreatedAt, Number) order: items keep the pool's order and members are sorted by index.
            var ordered = members.Select(m => items[m]).ToList();
            if (ordered[^1].CreatedAt < now - settings.SimilarityWindow || !IsBurst(ordered, signature, allIncidents, settings, baselineSpan, signatureTimes))
            {
                continue;
            }
            foreach (var m in members)
            {
                assigned[m] = true;
            }
            var meanSimilarity = members.SelectMany(a => members.Where(b => b > a).Select(b => vectors.Similarity(a, b))).DefaultIfEmpty(0).Average();
            var top = ClusterEvidence.TopTerms(ordered, df, documents);
            var fingerprint = "similarity|" + string.Join(",", signature.Order(StringComparer.Ordinal));
            findings.Add(new ProblemFinding(DetectionRule.Similarity, "text", string.Join(" ", signature), fingerprint,
                ordered.Select(m => m.Number).ToList(), ordered[0].CreatedAt, ordered[^1].CreatedAt,
                settings.SimilarityMinIncidents, Math.Round(meanSimilarity, 2), top));
        }
        return findings;
    }

    /// <param name="cache">
    /// Per signature, the creation times of all incidents carrying it (in order): many seeds share a signature, and
    /// counting it over the whole horizon for each of them cost seconds at 100,000 incidents.
    /// </param>
    private static bool IsBurst(
        List<TicketFacts> members, IReadOnlyList<string> signature, List<TicketFacts> all, DetectionSettings settings, TimeSpan baselineSpan,
        Dictionary<string, List<DateTimeOffset>> cache)
    {
        var from = members[0].CreatedAt;
        var to = members[^1].CreatedAt;
        var span = Max(to - from, TimeSpan.FromHours(12));
        bool Both(TicketFacts i) => signature.Count(i.Terms.Contains) >= 2;
        var observed = members.Count(Both);
        var key = string.Join('\n', signature);
        if (!cache.TryGetValue(key, out var times))
        {
            // `all` is ordered by creation time, so these times are too.
            cache[key] = times = all.Where(Both).Select(i => i.CreatedAt).ToList();
        }
        var inside = CountBefore(times, to, inclusive: true) - CountBefore(times, from, inclusive: false);
        var elsewhere = times.Count - inside;
        var expected = elsewhere * (span / Max(baselineSpan - span, span));
        return observed >= Math.Max(settings.SimilarityMinIncidents, PoissonThreshold.Spike(expected, settings));
    }

    /// <summary>How many of the <paramref name="sorted"/> times are before <paramref name="value"/> (or at it, when <paramref name="inclusive"/>).</summary>
    private static int CountBefore(List<DateTimeOffset> sorted, DateTimeOffset value, bool inclusive)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value || (inclusive && sorted[mid] == value)) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
