using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Problems;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Problems.Samples;

/// <summary>One generated incident: what a user reported, how it was classified and how it went afterwards.</summary>
/// <param name="Key">Unique within the stream (e.g. <c>contoso-00042</c>); the evaluation's ticket "number".</param>
/// <param name="ReopenAfter">Times after creation at which the requester reopened it (after each resolution).</param>
/// <param name="PlantedProblem">The planted problem this incident belongs to (ground truth), or null for noise.</param>
public sealed record SampleIncident(
    string Key,
    string CustomerId,
    DateTimeOffset CreatedAt,
    Channel Channel,
    string Title,
    string Description,
    string? Category,
    string? Service,
    string? ConfigurationItem,
    string RequesterId,
    string RequesterName,
    Language Language,
    Impact Impact,
    Urgency Urgency,
    TimeSpan? FirstResponseAfter,
    TimeSpan? ResolvedAfter,
    IReadOnlyList<TimeSpan> ReopenAfter,
    string? PlantedProblem);

/// <summary>Ground truth: a recurring problem the generator planted and the incidents it caused.</summary>
public sealed record PlantedProblem(string Id, string CustomerId, DetectionRule Kind, string Summary, IReadOnlyList<string> Members);

public sealed record SampleStream(
    IReadOnlyList<SampleIncident> Incidents, IReadOnlyList<PlantedProblem> Problems, DateTimeOffset Start, DateTimeOffset End);

/// <summary>A customer in the generated stream and the language its users write in (a share of them write English).</summary>
public sealed record SampleCustomer(string Id, Language Language, double EnglishShare, int IncidentsPerWorkday);

public sealed record SampleStreamOptions
{
    public IReadOnlyList<SampleCustomer> Customers { get; init; } =
    [
        new("contoso", Language.Sv, 0.15, 25),
        new("fabrikam", Language.En, 0.9, 20),
        new("northwind", Language.Sv, 0.4, 30),
        new("tailspin", Language.Sv, 0.05, 15),
    ];

    public int Days { get; init; } = 35;
    public DateTimeOffset End { get; init; } = new(2025, 3, 31, 0, 0, 0, TimeSpan.Zero);
    /// <summary>Planted problems are placed after this many days, so the detector has a baseline (as in production).</summary>
    public int QuietDays { get; init; } = 8;
    public int VolumeProblemsPerCustomer { get; init; } = 3;
    public int ReopenProblemsPerCustomer { get; init; } = 1;
    public int SimilarityProblemsPerCustomer { get; init; } = 2;

    public SampleStreamOptions WithoutProblems() =>
        this with { VolumeProblemsPerCustomer = 0, ReopenProblemsPerCustomer = 0, SimilarityProblemsPerCustomer = 0 };
}
