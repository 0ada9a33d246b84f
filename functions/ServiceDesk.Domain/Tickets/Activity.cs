using ServiceDesk.Domain.Common;

namespace ServiceDesk.Domain.Tickets;

/// <summary>One append-only entry of a ticket's activity log.</summary>
/// <param name="Sequence">1-based position in the ticket's log; never reused.</param>
/// <param name="Text">Comment text or a human-readable summary of the change.</param>
/// <param name="Data">Structured details (old/new status, fields...), string values only.</param>
public sealed record Activity(
    int Sequence,
    ActivityType Type,
    Actor Actor,
    DateTimeOffset At,
    string? Text,
    IReadOnlyDictionary<string, string> Data)
{
    /// <summary>Internal notes are never shown to end users.</summary>
    public bool IsInternal => Type == ActivityType.InternalNote;
}
