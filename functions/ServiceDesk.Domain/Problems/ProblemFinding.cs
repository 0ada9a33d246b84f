namespace ServiceDesk.Domain.Problems;

/// <summary>Which rule found a cluster.</summary>
public enum DetectionRule
{
    /// <summary>Many incidents for one configuration item, service or category within the window.</summary>
    Volume,
    /// <summary>One requester or device reopening or re-raising the same kind of incident.</summary>
    Reopen,
    /// <summary>Incidents with similar text (no shared classification needed).</summary>
    Similarity,
}

/// <summary>
/// A cluster of incidents that looks like a recurring problem, with its evidence.
/// </summary>
/// <param name="Dimension">What the members share: <c>configurationItem</c>, <c>service</c>, <c>category</c>,
/// <c>requester</c>, <c>device</c> or <c>text</c>.</param>
/// <param name="Value">The shared value (for reopen rules "who / kind"; for text the top terms).</param>
/// <param name="Fingerprint">Stable identity of rule-based clusters (rule, dimension, value); text clusters are matched by members.</param>
/// <param name="Threshold">The count that had to be reached (volume: max of the minimum and the baseline spike level).</param>
/// <param name="Expected">Volume: incidents expected in the window at the usual rate. Similarity: mean pairwise similarity.</param>
public sealed record ProblemFinding(
    DetectionRule Rule,
    string Dimension,
    string Value,
    string Fingerprint,
    IReadOnlyList<string> Members,
    DateTimeOffset From,
    DateTimeOffset To,
    int Threshold,
    double Expected,
    IReadOnlyList<string> TopTerms);
