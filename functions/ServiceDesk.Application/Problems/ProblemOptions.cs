using ServiceDesk.Domain.Problems;

namespace ServiceDesk.Application.Problems;

/// <summary>Problem detection and candidate handling (<c>ServiceDesk:Problems</c>); defaults are the detector's.</summary>
public sealed class ProblemOptions
{
    public const string SectionName = "ServiceDesk:Problems";

    /// <summary>Volume rule: incidents for one configuration item, service or category…</summary>
    public int VolumeMinIncidents { get; set; } = 5;

    /// <summary>…within this many hours.</summary>
    public int VolumeWindowHours { get; set; } = 24;

    /// <summary>Smallest text-similarity cluster that becomes a candidate.</summary>
    public int SimilarityMinIncidents { get; set; } = 7;

    /// <summary>A rejected candidate's cluster is not proposed again for this many days.</summary>
    public int RejectionSuppressionDays { get; set; } = 30;

    public DetectionSettings ToSettings() => new()
    {
        MinIncidents = VolumeMinIncidents,
        Window = TimeSpan.FromHours(VolumeWindowHours),
        SimilarityMinIncidents = SimilarityMinIncidents,
        RejectionSuppression = TimeSpan.FromDays(RejectionSuppressionDays),
    };
}
