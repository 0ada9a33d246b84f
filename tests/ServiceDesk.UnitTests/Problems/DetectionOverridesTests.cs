using ServiceDesk.Application.Problems;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Problems;
using ServiceDesk.Domain.Statistics;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Problems;

/// <summary>A customer's detection overrides over the global options: each value set wins, each null keeps the default.</summary>
public sealed class DetectionOverridesTests
{
    private static readonly ProblemOptions Global = new()
    {
        VolumeMinIncidents = 6, VolumeWindowHours = 12, SimilarityMinIncidents = 9, RejectionSuppressionDays = 10,
    };

    private static Customer WithOverrides(ProblemDetectionOverrides? overrides) =>
        new("contoso", "Contoso", ["contoso.se"], Language.Sv, false, ProblemDetection: overrides);

    [Fact]
    public void Without_a_customer_or_overrides_the_global_options_apply()
    {
        var global = Global.ToSettings();
        Assert.Equal(global, Global.ToSettings(null));
        Assert.Equal(global, Global.ToSettings(WithOverrides(null)));
        Assert.Equal(global, global.With(new ProblemDetectionOverrides()));
        Assert.Equal(6, global.MinIncidents);
        Assert.Equal(TimeSpan.FromHours(12), global.Window);
        Assert.Equal(9, global.SimilarityMinIncidents);
    }

    [Fact]
    public void Every_value_the_customer_sets_replaces_the_global_one()
    {
        var settings = Global.ToSettings(WithOverrides(new ProblemDetectionOverrides(3, 48, 4)));

        Assert.Equal(3, settings.MinIncidents);
        Assert.Equal(TimeSpan.FromHours(48), settings.Window);
        Assert.Equal(4, settings.SimilarityMinIncidents);
        // Not overridable: still the global option or the detector's default.
        Assert.Equal(TimeSpan.FromDays(10), settings.RejectionSuppression);
        Assert.Equal(new DetectionSettings().BaselinePeriod, settings.BaselinePeriod);
        Assert.Equal(new DetectionSettings().MinReopens, settings.MinReopens);
    }

    [Theory]
    [InlineData(3, null, null, 3, 12, 9)]
    [InlineData(null, 72, null, 6, 72, 9)]
    [InlineData(null, null, 20, 6, 12, 20)]
    public void Values_left_null_keep_the_global_default(
        int? minIncidents, int? windowHours, int? similarity, int expectedMin, int expectedHours, int expectedSimilarity)
    {
        var settings = Global.ToSettings(WithOverrides(new ProblemDetectionOverrides(minIncidents, windowHours, similarity)));

        Assert.Equal(expectedMin, settings.MinIncidents);
        Assert.Equal(TimeSpan.FromHours(expectedHours), settings.Window);
        Assert.Equal(expectedSimilarity, settings.SimilarityMinIncidents);
    }

    [Fact]
    public void A_lower_threshold_turns_a_burst_into_a_finding_that_the_default_leaves_alone()
    {
        var now = new DateTimeOffset(2025, 3, 20, 12, 0, 0, TimeSpan.Zero);
        var facts = new List<TicketFacts>
        {
            // History of more than 7 days (MinHistory), on another service: no baseline for the printer.
            Incident("INC-000001", now.AddDays(-9), service: "VPN", item: null, category: "Network"),
            Incident("INC-000002", now.AddDays(-5), service: "VPN", item: null, category: "Network"),
        };
        for (var i = 0; i < 3; i++)
        {
            facts.Add(Incident($"INC-00001{i}", now.AddHours(-3 + i), service: "Printing", item: "PRN-0042", category: "Hardware"));
        }
        var defaults = new ProblemOptions();

        Assert.Empty(ProblemDetector.Detect(facts, defaults.ToSettings(WithOverrides(null)), now));
        var finding = Assert.Single(ProblemDetector.Detect(facts, defaults.ToSettings(WithOverrides(new ProblemDetectionOverrides(VolumeMinIncidents: 3))), now));
        Assert.Equal(DetectionRule.Volume, finding.Rule);
        Assert.Equal("configurationItem", finding.Dimension);
        Assert.Equal(3, finding.Members.Count);
        Assert.Equal(3, finding.Threshold);
    }

    private static TicketFacts Incident(string number, DateTimeOffset at, string service, string? item, string category) => new()
    {
        Number = number,
        CustomerId = "contoso",
        Kind = TicketKind.Incident,
        Version = 1,
        Status = TicketStatus.New,
        Priority = Priority.Moderate,
        Service = service,
        ConfigurationItem = item,
        Category = category,
        RequesterId = "u-" + number,
        CreatedAt = at,
        UpdatedAt = at,
    };
}
