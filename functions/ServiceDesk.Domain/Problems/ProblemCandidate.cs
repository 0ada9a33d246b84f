namespace ServiceDesk.Domain.Problems;

public enum CandidateStatus
{
    /// <summary>Proposed, waiting for the problem manager.</summary>
    Open,
    /// <summary>A problem record was created from it.</summary>
    Accepted,
    /// <summary>Not a problem; the same cluster stays suppressed until <see cref="ProblemCandidate.SuppressedUntil"/>.</summary>
    Rejected,
}

/// <summary>
/// A proposed problem: a cluster of incidents and the evidence that made the detector propose it. A growing cluster
/// updates its candidate (members, window, counts); it never spawns a second one.
/// </summary>
public sealed record ProblemCandidate
{
    public const int MaxMembers = 500;

    public required string Id { get; init; }
    public required string CustomerId { get; init; }
    public required CandidateStatus Status { get; init; }
    public required DetectionRule Rule { get; init; }
    public required string Dimension { get; init; }
    public required string Value { get; init; }
    public required string Fingerprint { get; init; }
    public required IReadOnlyList<string> Members { get; init; }
    public required DateTimeOffset From { get; init; }
    public required DateTimeOffset To { get; init; }
    public required int Threshold { get; init; }
    public required double Expected { get; init; }
    public required IReadOnlyList<string> TopTerms { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }
    public required DateTimeOffset UpdatedAt { get; init; }
    public string? ProblemNumber { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? RejectionReason { get; init; }
    public DateTimeOffset? SuppressedUntil { get; init; }
    /// <summary>The accepted candidate's problem was resolved: a new burst of the same cluster is a new candidate.</summary>
    public DateTimeOffset? ProblemResolvedAt { get; init; }
    /// <summary>When listeners (mail, later) were told about it; null while an announcement is still owed.</summary>
    public DateTimeOffset? AnnouncedAt { get; init; }

    public static ProblemCandidate Propose(string id, string customerId, ProblemFinding finding, DateTimeOffset now) => new()
    {
        Id = id,
        CustomerId = customerId,
        Status = CandidateStatus.Open,
        Rule = finding.Rule,
        Dimension = finding.Dimension,
        Value = finding.Value,
        Fingerprint = finding.Fingerprint,
        Members = finding.Members.Take(MaxMembers).ToList(),
        From = finding.From,
        To = finding.To,
        Threshold = finding.Threshold,
        Expected = finding.Expected,
        TopTerms = finding.TopTerms,
        DetectedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The cluster grew or moved on: members are merged, the evidence is the newest finding's.</summary>
    public ProblemCandidate Absorb(ProblemFinding finding, DateTimeOffset now)
    {
        var members = Members.Union(finding.Members, StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxMembers).ToList();
        if (members.Count == Members.Count && finding.To <= To)
        {
            return this;
        }
        return this with
        {
            Members = members,
            From = finding.From < From ? finding.From : From,
            To = finding.To > To ? finding.To : To,
            Threshold = finding.Threshold,
            Expected = finding.Expected,
            TopTerms = finding.TopTerms,
            UpdatedAt = now,
        };
    }

    public ProblemCandidate Accept(string problemNumber, string by, DateTimeOffset now)
    {
        RequireOpen("accept");
        return this with { Status = CandidateStatus.Accepted, ProblemNumber = problemNumber, DecidedBy = by, DecidedAt = now, UpdatedAt = now };
    }

    public ProblemCandidate Reject(string reason, string by, TimeSpan suppression, DateTimeOffset now)
    {
        RequireOpen("reject");
        return this with
        {
            Status = CandidateStatus.Rejected,
            RejectionReason = reason,
            DecidedBy = by,
            DecidedAt = now,
            SuppressedUntil = now + suppression,
            UpdatedAt = now,
        };
    }

    private void RequireOpen(string action)
    {
        if (Status != CandidateStatus.Open)
        {
            throw new Common.DomainRuleException("candidate.decided", $"Cannot {action} candidate {Id}: it is already {Status}.");
        }
    }
}
