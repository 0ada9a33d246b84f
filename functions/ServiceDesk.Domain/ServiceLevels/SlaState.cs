namespace ServiceDesk.Domain.ServiceLevels;

/// <summary>
/// One target's clock on a ticket. <see cref="Elapsed"/> is the business time counted up to <see cref="CountedUntil"/>;
/// while running, time after that counts too. <see cref="DueAt"/> is when the target is reached if the clock keeps
/// running (null while paused or stopped).
/// </summary>
public sealed record SlaTargetState
{
    public required SlaTargetKind Kind { get; init; }
    public required TimeSpan Target { get; init; }
    public TimeSpan Elapsed { get; init; }
    public required DateTimeOffset CountedUntil { get; init; }
    public bool Running { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public SlaOutcome Outcome { get; init; } = SlaOutcome.Open;
    public DateTimeOffset? BreachedAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }
    /// <summary>How many of the policy's escalation steps were taken for this target.</summary>
    public int EscalationsDone { get; init; }

    /// <summary>Share of the target used, in percent (can pass 100).</summary>
    public int PercentUsed => Target <= TimeSpan.Zero ? 100 : (int)Math.Floor(100 * Elapsed.TotalSeconds / Target.TotalSeconds);
}

/// <summary>The service level clocks of a ticket: the policy (and version) it runs under and one clock per target.</summary>
public sealed record SlaState
{
    public required string PolicyName { get; init; }
    public required int PolicyVersion { get; init; }
    public required string Calendar { get; init; }
    public required IReadOnlyList<SlaTargetState> Targets { get; init; }
    /// <summary>When the next escalation step of a running target is due; the due index is keyed by it.</summary>
    public DateTimeOffset? NextEscalationAt { get; init; }

    public bool Breached => Targets.Any(t => t.Outcome == SlaOutcome.Breached);
    public bool Paused => Targets.Any(t => t.Outcome == SlaOutcome.Open && !t.Running);

    /// <summary>The earliest due time of a running target (what a queue sorts and filters by).</summary>
    public DateTimeOffset? DueAt => Targets.Where(t => t.Running && t.DueAt is not null).Select(t => t.DueAt).Min();

    public SlaTargetState? Find(SlaTargetKind kind) => Targets.FirstOrDefault(t => t.Kind == kind);
}

/// <summary>
/// The third party's own contract clock while a ticket is with a vendor (acknowledge and resolve targets of the vendor
/// registry, in the vendor's calendar), reported apart from the customer's clocks.
/// </summary>
public sealed record VendorClock
{
    public required string VendorId { get; init; }
    public required string VendorName { get; init; }
    public required DateTimeOffset HandedOverAt { get; init; }
    public required DateTimeOffset AcknowledgeDueAt { get; init; }
    public required DateTimeOffset ResolveDueAt { get; init; }
    public DateTimeOffset? AcknowledgedAt { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }

    public SlaOutcome Acknowledge(DateTimeOffset now) => Outcome(AcknowledgedAt ?? ResolvedAt, AcknowledgeDueAt, now);
    public SlaOutcome Resolve(DateTimeOffset now) => Outcome(ResolvedAt, ResolveDueAt, now);

    /// <summary>Wall time the case has been (or was) with the vendor.</summary>
    public TimeSpan TimeWithVendor(DateTimeOffset now) => (ResolvedAt ?? now) - HandedOverAt;

    private static SlaOutcome Outcome(DateTimeOffset? doneAt, DateTimeOffset dueAt, DateTimeOffset now) => doneAt switch
    {
        { } at when at <= dueAt => SlaOutcome.Met,
        { } => SlaOutcome.Breached,
        null when now > dueAt => SlaOutcome.Breached,
        null => SlaOutcome.Open,
    };
}
