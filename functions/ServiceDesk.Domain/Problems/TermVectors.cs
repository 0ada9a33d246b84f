using ServiceDesk.Domain.Statistics;

namespace ServiceDesk.Domain.Problems;

/// <summary>
/// The items' term sets as sorted term ids with IDF weights, and each set's total weight, so the similarity of two
/// items is a single merge. The similarity is Jaccard with every term weighted by its inverse document frequency
/// in the customer's horizon, so shared boilerplate ("restarted twice", "screenshot attached") counts little and
/// shared specifics count a lot.
/// </summary>
internal sealed class TermVectors
{
    private readonly int[][] _ids;
    private readonly double[] _totals;
    private readonly double[] _weights;
    private readonly string[] _terms;
    private readonly int[] _counts;

    public TermVectors(List<TicketFacts> items, Dictionary<string, int> df, int documents)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var weights = new List<double>();
        _ids = new int[items.Count][];
        _totals = new double[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var set = new SortedSet<int>();
            foreach (var term in items[i].Terms)
            {
                if (!ids.TryGetValue(term, out var id))
                {
                    ids[term] = id = weights.Count;
                    weights.Add(ClusterEvidence.Idf(term, df, documents));
                }
                set.Add(id);
            }
            _ids[i] = [.. set];
        }
        _weights = [.. weights];
        _terms = new string[ids.Count];
        foreach (var (term, id) in ids)
        {
            _terms[id] = term;
        }
        _counts = new int[ids.Count];
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var id in _ids[i])
            {
                _totals[i] += _weights[id];
            }
        }
    }

    public string Term(int id) => _terms[id];

    /// <summary>How many of <paramref name="terms"/> item <paramref name="item"/> has.</summary>
    public int CountOf(int item, IReadOnlyList<int> terms) => terms.Count(t => Array.BinarySearch(_ids[item], t) >= 0);

    /// <summary>
    /// Up to three terms that at least half the members share, ranked by members × IDF (the cluster's TF-IDF). Ranking
    /// by rarity alone picked terms of one phrasing (one language or one title variant) and the members that used
    /// another phrasing then fell out of the cluster, splitting it below the minimum size.
    /// </summary>
    public IReadOnlyList<int> Signature(List<int> members)
    {
        var touched = new List<int>();
        foreach (var m in members)
        {
            foreach (var id in _ids[m])
            {
                if (_counts[id]++ == 0)
                {
                    touched.Add(id);
                }
            }
        }
        var signature = touched
            .Where(id => _counts[id] * 2 >= members.Count)
            .OrderByDescending(id => _counts[id] * _weights[id]).ThenBy(id => _terms[id], StringComparer.Ordinal)
            .Take(3)
            .ToList();
        foreach (var id in touched)
        {
            _counts[id] = 0;
        }
        return signature;
    }

    public double Similarity(int a, int b)
    {
        int[] x = _ids[a], y = _ids[b];
        double shared = 0;
        int i = 0, j = 0;
        while (i < x.Length && j < y.Length)
        {
            if (x[i] == y[j])
            {
                shared += _weights[x[i]];
                i++;
                j++;
            }
            else if (x[i] < y[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }
        var union = _totals[a] + _totals[b] - shared;
        return union <= 0 ? 0 : shared / union;
    }
}
