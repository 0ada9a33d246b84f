namespace ServiceDesk.Application.Intake;

/// <summary>
/// Settings of the service-to-service intake. The storage queue's name is not here: trigger attributes need a
/// constant, see <see cref="IntakeQueue"/>.
/// </summary>
public sealed class IntakeOptions
{
    public const string SectionName = "ServiceDesk:Intake";

    /// <summary>Larger messages are rejected (reason <c>too-large</c>). A storage queue message is at most 64 KiB anyway.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Recurrences of an alert are counted on every message, but noted on the ticket at most once per this many
    /// seconds (and always on the first recurrence), so a storm does not bury the ticket's log.
    /// </summary>
    public int RecurrenceNoteSeconds { get; set; } = 300;
}

/// <summary>The inbound storage queue. A constant because <c>[QueueTrigger]</c> needs one; see functions/ServiceDesk.Functions/Intake/README.md.</summary>
public static class IntakeQueue
{
    public const string Name = "incidents-inbound";
    public const string PoisonName = Name + "-poison";
}
