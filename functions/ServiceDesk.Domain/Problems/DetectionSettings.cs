using ServiceDesk.Domain.Customers;

namespace ServiceDesk.Domain.Problems;

/// <summary>
/// Thresholds of recurring-problem detection for one customer. The defaults come from configuration
/// (<c>ServiceDesk:Problems</c>); a customer can override them.
/// </summary>
public sealed record DetectionSettings
{
    /// <summary>Volume rule: at least this many incidents for one configuration item, service or category…</summary>
    public int MinIncidents { get; init; } = 5;

    /// <summary>…within this window.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Volume rule: how far back the usual rate of a service, item or category is measured. A busy service needs more
    /// than <see cref="MinIncidents"/> to stand out: the count must also be improbable (below
    /// <see cref="BaselineSignificance"/>) for a Poisson process at the usual rate.
    /// </summary>
    public TimeSpan BaselinePeriod { get; init; } = TimeSpan.FromDays(28);

    /// <summary>Volume rule: probability under the usual rate below which a count is a spike.</summary>
    public double BaselineSignificance { get; init; } = 1e-6;

    /// <summary>The volume rule stays silent until a customer has this much history (no baseline before that).</summary>
    public TimeSpan MinHistory { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Reopen rule: one requester or device with incidents of one category (or service) within this window…</summary>
    public TimeSpan ReopenWindow { get; init; } = TimeSpan.FromDays(14);

    /// <summary>…reopened at least this many times in total…</summary>
    public int MinReopens { get; init; } = 3;

    /// <summary>…and incidents plus reopens at least this many.</summary>
    public int MinReopenEvents { get; init; } = 5;

    /// <summary>Similarity: incidents closer in time than this can join one cluster.</summary>
    public TimeSpan SimilarityWindow { get; init; } = TimeSpan.FromHours(48);

    /// <summary>Similarity: IDF-weighted Jaccard similarity of the normalised term sets for two incidents to be neighbours.</summary>
    public double SimilarityThreshold { get; init; } = 0.2;

    /// <summary>Similarity: smallest cluster that becomes a candidate.</summary>
    public int SimilarityMinIncidents { get; init; } = 7;

    /// <summary>A rejected candidate's cluster is not proposed again for this long.</summary>
    public TimeSpan RejectionSuppression { get; init; } = TimeSpan.FromDays(30);

    /// <summary>The history detection reads: the longest of the periods above.</summary>
    public TimeSpan Horizon => new[] { BaselinePeriod, ReopenWindow, SimilarityWindow, Window }.Max();

    /// <summary>
    /// These settings with a customer's overrides applied: every value the customer set replaces the one here, every
    /// null keeps it. No overrides: these settings unchanged.
    /// </summary>
    public DetectionSettings With(ProblemDetectionOverrides? overrides) => overrides is null ? this : this with
    {
        MinIncidents = overrides.VolumeMinIncidents ?? MinIncidents,
        Window = overrides.VolumeWindowHours is { } hours ? TimeSpan.FromHours(hours) : Window,
        SimilarityMinIncidents = overrides.SimilarityMinIncidents ?? SimilarityMinIncidents,
    };
}
