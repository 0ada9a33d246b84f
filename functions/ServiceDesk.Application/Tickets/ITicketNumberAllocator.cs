using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>Hands out ticket numbers: unique per deployment and kind, never reused (gaps are allowed).</summary>
public interface ITicketNumberAllocator
{
    ValueTask<TicketNumber> NextAsync(TicketKind kind, CancellationToken cancellationToken);
}
