using ServiceDesk.Domain.Problems;

namespace ServiceDesk.UnitTests.Problems;

public sealed class CandidateMatcherTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static ProblemFinding Finding(params string[] members) => new(
        DetectionRule.Volume, "configurationItem", "PRN-0007", "volume|configurationItem|prn-0007", members,
        T0, T0.AddHours(2), 5, 0.1, ["print"]);

    [Fact]
    public void A_growing_cluster_updates_its_candidate_instead_of_spawning_another()
    {
        var candidate = ProblemCandidate.Propose("c.1", "contoso", Finding("INC-1", "INC-2", "INC-3", "INC-4", "INC-5"), T0);
        var decision = CandidateMatcher.Decide([candidate], Finding("INC-1", "INC-2", "INC-3", "INC-4", "INC-5", "INC-6"), T0.AddHours(1));

        var update = Assert.IsType<CandidateDecision.Update>(decision);
        Assert.Equal("c.1", update.Candidate.Id);
        Assert.Equal(6, update.Candidate.Members.Count);
    }

    [Fact]
    public void The_same_finding_again_changes_nothing()
    {
        var candidate = ProblemCandidate.Propose("c.1", "contoso", Finding("INC-1", "INC-2", "INC-3", "INC-4", "INC-5"), T0);
        Assert.IsType<CandidateDecision.Unchanged>(CandidateMatcher.Decide([candidate], Finding("INC-1", "INC-2", "INC-3", "INC-4", "INC-5"), T0.AddHours(1)));
    }

    [Fact]
    public void A_rejected_cluster_stays_suppressed_until_its_time_runs_out()
    {
        var rejected = ProblemCandidate.Propose("c.1", "contoso", Finding("INC-1", "INC-2", "INC-3", "INC-4", "INC-5"), T0)
            .Reject("Planned maintenance", "pm-1", TimeSpan.FromDays(7), T0);

        Assert.IsType<CandidateDecision.Unchanged>(CandidateMatcher.Decide([rejected], Finding("INC-6", "INC-7", "INC-8", "INC-9", "INC-10"), T0.AddDays(3)));
        var later = Assert.IsType<CandidateDecision.Update>(CandidateMatcher.Decide([rejected], Finding("INC-6", "INC-7", "INC-8", "INC-9", "INC-10"), T0.AddDays(8)));
        Assert.True(later.Reopened);
        Assert.Equal(CandidateStatus.Open, later.Candidate.Status);
    }

    [Fact]
    public void A_broader_cluster_that_merely_contains_the_candidate_is_not_absorbed()
    {
        var candidate = ProblemCandidate.Propose("c.1", "contoso", Finding("INC-1", "INC-2", "INC-3", "INC-4", "INC-5"), T0);
        var broader = Finding("INC-1", "INC-2", "INC-3", "INC-4", "INC-5", "INC-6", "INC-7", "INC-8", "INC-9", "INC-10", "INC-11", "INC-12") with
        {
            Dimension = "service", Value = "Printing", Fingerprint = "volume|service|printing",
        };
        Assert.IsType<CandidateDecision.Create>(CandidateMatcher.Decide([candidate], broader, T0));
    }
}
