namespace ServiceDesk.Domain.Problems;

/// <summary>What to do with one finding, given the customer's existing candidates.</summary>
public abstract record CandidateDecision
{
    /// <summary>A new cluster: propose it (and announce it).</summary>
    public sealed record Create(ProblemFinding Finding) : CandidateDecision;

    /// <summary>A known cluster grew or moved: update the candidate (Reopened: a rejection's suppression ran out).</summary>
    public sealed record Update(ProblemCandidate Candidate, bool Reopened) : CandidateDecision;

    /// <summary>Nothing new, or a rejected cluster still suppressed.</summary>
    public sealed record Unchanged(ProblemCandidate Candidate) : CandidateDecision;
}

/// <summary>
/// De-duplicates findings against existing candidates (open, accepted and rejected): a finding is the same cluster
/// as a live candidate (not one whose problem was resolved) when the rule's fingerprint is the same (same rule, dimension and value) or when they share
/// most members (at least two, and half of the finding's), so a broader cluster that merely contains
/// the candidate's is not absorbed into it. Pure.
/// </summary>
public static class CandidateMatcher
{
    public static CandidateDecision Decide(IReadOnlyList<ProblemCandidate> existing, ProblemFinding finding, DateTimeOffset now)
    {
        var match = existing
            .Where(c => c.ProblemResolvedAt is null)
            .Select(c => (Candidate: c, Score: Score(c, finding)))
            .Where(x => x.Score > 0)
            .OrderByDescending(x => x.Score)
            .ThenByDescending(x => x.Candidate.UpdatedAt)
            .Select(x => x.Candidate)
            .FirstOrDefault();
        if (match is null)
        {
            return new CandidateDecision.Create(finding);
        }
        if (match.Status == CandidateStatus.Rejected)
        {
            if (match.SuppressedUntil > now)
            {
                return new CandidateDecision.Unchanged(match);
            }
            var reopened = match with
            {
                Status = CandidateStatus.Open,
                Members = [],
                DetectedAt = now,
                AnnouncedAt = null,
            };
            return new CandidateDecision.Update(reopened.Absorb(finding, now), Reopened: true);
        }
        var updated = match.Absorb(finding, now);
        return ReferenceEquals(updated, match) ? new CandidateDecision.Unchanged(match) : new CandidateDecision.Update(updated, Reopened: false);
    }

    /// <summary>0 for unrelated; higher for a closer match.</summary>
    public static double Score(ProblemCandidate candidate, ProblemFinding finding)
    {
        var members = candidate.Members.ToHashSet(StringComparer.Ordinal);
        var shared = finding.Members.Count(members.Contains);
        var sameFingerprint = string.Equals(candidate.Fingerprint, finding.Fingerprint, StringComparison.Ordinal) && finding.Rule != DetectionRule.Similarity;
        // Mostly the same incidents: the finding is the candidate's cluster, grown or shifted.
        var overlap = shared >= 2 && shared * 2 >= finding.Members.Count;
        if (!sameFingerprint && !overlap)
        {
            return 0;
        }
        return (sameFingerprint ? 1 : 0) + (double)shared / Math.Max(1, finding.Members.Count);
    }
}
