using ServiceDesk.Domain.Statistics;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Problems;

public sealed class StatsContributionTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static TicketFacts Opened => new()
    {
        Number = "INC-000001", CustomerId = "contoso", Kind = TicketKind.Incident, Version = 1, Status = TicketStatus.New,
        Priority = Priority.Moderate, Service = "Printing", Category = "Hardware", RequesterId = "u-1", CreatedAt = T0, UpdatedAt = T0,
    };

    [Fact]
    public void A_newer_version_replaces_exactly_what_the_older_one_contributed()
    {
        var resolved = Opened with
        {
            Version = 4, Status = TicketStatus.Resolved, FirstResponseAt = T0.AddMinutes(7), ResolvedAt = T0.AddMinutes(40),
        };
        var totals = new Dictionary<StatsBucket, StatsCounters>();
        void Apply(Dictionary<StatsBucket, StatsCounters> delta)
        {
            foreach (var (bucket, counters) in delta)
            {
                if (!totals.TryGetValue(bucket, out var t)) totals[bucket] = t = new StatsCounters();
                t.Add(counters);
            }
        }
        Apply(StatsContribution.Delta(null, Opened));
        Apply(StatsContribution.Delta(Opened, resolved));

        var expected = StatsContribution.Of(resolved);
        foreach (var (bucket, counters) in totals)
        {
            var want = expected.GetValueOrDefault(bucket) ?? new StatsCounters();
            Assert.Equal(want.Opened, counters.Opened);
            Assert.Equal(want.Resolved, counters.Resolved);
            Assert.Equal(want.Backlog, counters.Backlog);
            Assert.Equal(want.Resolution, counters.Resolution);
        }
        var day = totals[new StatsBucket("20250310", StatsBucket.All, "*")];
        Assert.Equal(1, day.FirstContact);
        Assert.Equal(0, totals[new StatsBucket(StatsBucket.Current, StatsBucket.All, "*")].Backlog);
    }

    [Fact]
    public void The_same_version_twice_contributes_nothing_more() =>
        Assert.Empty(StatsContribution.Delta(Opened, Opened));

    [Fact]
    public void Percentiles_come_from_the_merged_histograms()
    {
        var counts = new long[DurationHistogram.Bins];
        counts[DurationHistogram.BinOf(TimeSpan.FromMinutes(3))] += 5;
        counts[DurationHistogram.BinOf(TimeSpan.FromHours(5))] += 5;
        Assert.InRange(DurationHistogram.Quantile(counts, 0.5)!.Value, 0, 5);
        Assert.InRange(DurationHistogram.Quantile(counts, 0.9)!.Value, 240, 360);
        Assert.Null(DurationHistogram.Quantile(new long[DurationHistogram.Bins], 0.5));
    }
}
