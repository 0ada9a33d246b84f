namespace ServiceDesk.Infrastructure.Storage;

public sealed class TicketOptions
{
    public const string SectionName = "ServiceDesk:Tickets";

    /// <summary>
    /// How many ticket numbers one instance reserves per counter update. Larger blocks mean fewer storage
    /// round trips per ticket; numbers of a block an instance did not use before stopping are skipped, never reused.
    /// </summary>
    public int NumberBlockSize { get; set; } = 20;
}
