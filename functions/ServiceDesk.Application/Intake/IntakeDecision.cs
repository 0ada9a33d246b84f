namespace ServiceDesk.Application.Intake;

/// <summary>
/// What one alert message does to its correlation, decided from the state read (pure: the caller commits it, and
/// decides again when the state changed meanwhile). Firing with an open ticket: a recurrence (a note on the ticket at
/// most every <c>RecurrenceNoteSeconds</c>); firing otherwise: a new episode and ticket; recovery with an open ticket:
/// a recovery note (and the ticket resolved when the customer wants it); recovery otherwise: only counted.
/// </summary>
internal static class IntakeDecision
{
    /// <returns>The message's claim, the correlation state it leads to (null: the state is not changed), and whether
    /// a recurrence note is due (also when <paramref name="stormDue"/>: the note that proposes a major incident).</returns>
    public static (MessageClaim Claim, CorrelationState? Next, bool NoteDue) Decide(
        IncidentMessage m, CorrelationId id, CorrelationState? state, bool open, bool resolveOnRecovery,
        TimeSpan recurrenceNote, DateTimeOffset now, Func<string> draft, bool stormDue = false)
    {
        if (m.Status == AlertStatus.Firing && open)
        {
            var noteDue = state!.NotedAt is not { } notedAt || now - notedAt >= recurrenceNote || stormDue;
            var next = state with
            {
                Occurrences = state.Occurrences + 1,
                LastSeenAt = Max(state.LastSeenAt, m.OccurredAt),
                LastStatus = AlertStatus.Firing,
                NotedOccurrences = noteDue ? state.Occurrences + 1 : state.NotedOccurrences,
                NotedAt = noteDue ? now : state.NotedAt,
            };
            return (new MessageClaim(m.Source, m.SourceId, IntakeOutcome.Recurred, state.Episode, state.TicketNumber, now, Applied: !noteDue), next, noteDue);
        }
        if (m.Status == AlertStatus.Firing)
        {
            var next = new CorrelationState(
                id.CustomerId, id.Key, id.Hash, (state?.Episode ?? 0) + 1, null, draft(), m.Source,
                Occurrences: 1, EpisodeOpenedAt: now, FirstSeenAt: m.OccurredAt, LastSeenAt: m.OccurredAt, AlertStatus.Firing,
                NotedOccurrences: 1, NotedAt: null);
            return (new MessageClaim(m.Source, m.SourceId, IntakeOutcome.Created, next.Episode, null, now, Applied: false), next, false);
        }
        if (open)
        {
            var outcome = resolveOnRecovery ? IntakeOutcome.Resolved : IntakeOutcome.Recovered;
            var next = state! with { LastStatus = AlertStatus.Resolved, LastSeenAt = Max(state.LastSeenAt, m.OccurredAt) };
            return (new MessageClaim(m.Source, m.SourceId, outcome, state.Episode, state.TicketNumber, now, Applied: false), next, false);
        }
        return (new MessageClaim(m.Source, m.SourceId, IntakeOutcome.RecoveryWithoutOpenTicket, state?.Episode ?? 0, state?.TicketNumber, now, Applied: true), null, false);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a >= b ? a : b;
}
