using ServiceDesk.Domain.Customers;
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

    /// <summary>
    /// The ticket change feed keeps every row for this many hours behind the statistics watermark; older rows are
    /// compacted daily to the last one of each ticket (which a reset still needs).
    /// </summary>
    public int ChangeFeedKeepHours { get; set; } = 24;

    /// <summary>A rejected candidate's cluster is not proposed again for this many days.</summary>
    public int RejectionSuppressionDays { get; set; } = 30;

    /// <summary>
    /// The problem managers' addresses (comma-separated). New candidates are mailed to each when mail is configured
    /// (<c>ServiceDesk:Mail:Smtp:Host</c>); empty: no announcement mails, the candidates API only.
    /// </summary>
    public string ManagerAddresses { get; set; } = "";

    /// <summary>Base URL of the API in announcement mails (the link to <c>GET /api/problems/candidates/{id}</c>).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";

    public IReadOnlyList<string> Managers => ParseAddresses(ManagerAddresses);

    public static IReadOnlyList<string> ParseAddresses(string? value) =>
        (value ?? "").Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public DetectionSettings ToSettings() => new()
    {
        MinIncidents = VolumeMinIncidents,
        Window = TimeSpan.FromHours(VolumeWindowHours),
        SimilarityMinIncidents = SimilarityMinIncidents,
        RejectionSuppression = TimeSpan.FromDays(RejectionSuppressionDays),
    };

    /// <summary>The settings for one customer: these options with the customer's overrides (if any) over them.</summary>
    public DetectionSettings ToSettings(Customer? customer) => ToSettings().With(customer?.ProblemDetection);
}
