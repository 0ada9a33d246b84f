using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Statistics;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Problems;

/// <summary>Service level and vendor compliance in the statistics: counted on the day each target was decided.</summary>
public sealed class SlaStatsContributionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static TicketFacts Resolved => new()
    {
        Number = "INC-000001", CustomerId = "contoso", Kind = TicketKind.Incident, Version = 5, Status = TicketStatus.Resolved,
        Priority = Priority.High, RequesterId = "u-1", CreatedAt = T0, UpdatedAt = T0.AddDays(1), ResolvedAt = T0.AddDays(1),
        Sla = [new SlaFact(SlaTargetKind.FirstResponse, true, T0.AddMinutes(10)), new SlaFact(SlaTargetKind.Resolution, false, T0.AddDays(1).AddHours(-2))],
        VendorId = "acme-net", VendorResolve = new SlaFact(SlaTargetKind.Resolution, true, T0.AddDays(1).AddHours(-3)),
    };

    [Fact]
    public void Met_and_breached_targets_count_per_day_and_dimension_and_the_vendor_has_a_bucket_of_its_own()
    {
        var contribution = StatsContribution.Of(Resolved);
        var day0 = contribution[new StatsBucket("20260310", "priority", "2")];
        var day1 = contribution[new StatsBucket("20260311", "priority", "2")];
        Assert.Equal((1L, 0L), (day0.SlaMet[(int)SlaTargetKind.FirstResponse], day0.SlaBreached[(int)SlaTargetKind.FirstResponse]));
        Assert.Equal((0L, 1L), (day1.SlaMet[(int)SlaTargetKind.Resolution], day1.SlaBreached[(int)SlaTargetKind.Resolution]));
        Assert.Equal((1L, 0L), (day1.VendorMet, day1.VendorBreached));
        var vendor = contribution[new StatsBucket("20260311", StatsBucket.Vendor, "acme-net")];
        Assert.Equal(1, vendor.VendorMet);
        Assert.DoesNotContain(StatsContribution.Of(Resolved with { VendorId = null, VendorResolve = null }).Keys, b => b.Dimension == StatsBucket.Vendor);
    }

    [Fact]
    public void A_later_version_takes_back_what_the_earlier_one_counted()
    {
        var earlier = Resolved with { Version = 4, Sla = [new SlaFact(SlaTargetKind.FirstResponse, true, T0.AddMinutes(10))], VendorResolve = null };
        var delta = StatsContribution.Delta(earlier, Resolved);
        var day0 = delta.GetValueOrDefault(new StatsBucket("20260310", StatsBucket.All, "*"));
        Assert.True(day0 is null || day0.SlaMet.All(v => v == 0));            // the first response was counted already
        var day1 = delta[new StatsBucket("20260311", StatsBucket.All, "*")];
        Assert.Equal(1, day1.SlaBreached[(int)SlaTargetKind.Resolution]);
        Assert.Equal(1, day1.VendorMet);
    }

    [Fact]
    public void Facts_take_the_outcomes_from_the_ticket_clocks()
    {
        var state = SlaTestTicket.State with
        {
            Sla = new SlaState
            {
                PolicyName = "p", PolicyVersion = 1, Calendar = "24x7",
                Targets =
                [
                    new SlaTargetState { Kind = SlaTargetKind.FirstResponse, Target = TimeSpan.FromMinutes(30), CountedUntil = T0, Outcome = SlaOutcome.Met, StoppedAt = T0.AddMinutes(5) },
                    new SlaTargetState { Kind = SlaTargetKind.Resolution, Target = TimeSpan.FromHours(4), CountedUntil = T0, Outcome = SlaOutcome.Breached, BreachedAt = T0.AddHours(4), Running = true },
                ],
            },
            Vendor = new VendorClock { VendorId = "v", VendorName = "V", HandedOverAt = T0, AcknowledgeDueAt = T0.AddHours(1), ResolveDueAt = T0.AddHours(8), ResolvedAt = T0.AddHours(9) },
        };
        var facts = TicketFacts.From(state);
        Assert.Equal([new SlaFact(SlaTargetKind.FirstResponse, true, T0.AddMinutes(5)), new SlaFact(SlaTargetKind.Resolution, false, T0.AddHours(4))], facts.Sla);
        Assert.Equal(new SlaFact(SlaTargetKind.Resolution, false, T0.AddHours(9)), facts.VendorResolve);
        Assert.Equal("v", facts.VendorId);
    }

    private static class SlaTestTicket
    {
        public static TicketState State => Ticket.Open(new TicketNumber(TicketKind.Incident, 42),
            new TicketDraft(TicketKind.Incident, "contoso", new Requester("u-1", "Anna", "anna@contoso.se", null, Domain.Common.Language.Sv), Channel.Portal,
                "Skrivaren", "Trasig", null, null, null, Impact.Medium, Urgency.Medium), new Domain.Common.Actor("u-1", "Anna"), T0).State;
    }
}
