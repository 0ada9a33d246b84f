namespace ServiceDesk.Domain.Customers;

/// <summary>
/// A customer's own thresholds for recurring-problem detection. Each value left null uses the global default
/// (<c>ServiceDesk:Problems</c>); the names are those of the global options.
/// </summary>
/// <param name="VolumeMinIncidents">Volume rule: incidents for one configuration item, service or category…</param>
/// <param name="VolumeWindowHours">…within this many hours.</param>
/// <param name="SimilarityMinIncidents">Smallest text-similarity cluster that becomes a candidate.</param>
public sealed record ProblemDetectionOverrides(
    int? VolumeMinIncidents = null,
    int? VolumeWindowHours = null,
    int? SimilarityMinIncidents = null)
{
    /// <summary>Allowed values (inclusive). The window is capped like the global option: the volume rule's baseline
    /// is measured over 28 days outside the window, so a much longer window would leave no baseline.</summary>
    public const int MinVolumeMinIncidents = 2, MaxVolumeMinIncidents = 1000;
    public const int MinVolumeWindowHours = 1, MaxVolumeWindowHours = 168;
    public const int MinSimilarityMinIncidents = 3, MaxSimilarityMinIncidents = 1000;

    /// <summary>True when nothing is overridden (such a customer simply has no overrides).</summary>
    public bool IsEmpty => VolumeMinIncidents is null && VolumeWindowHours is null && SimilarityMinIncidents is null;
}
