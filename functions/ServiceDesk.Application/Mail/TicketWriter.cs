using ServiceDesk.Application.Common;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Mail;

/// <summary>
/// Read-modify-write of a ticket by the mail channel (system work, no caller), retried when someone else wrote first.
/// Writes to one ticket are serialised within the instance (a burst of replies to one ticket would otherwise retry
/// against each other); across instances the storage ETag decides, with jittered backoff.
/// </summary>
public sealed class TicketWriter(ITicketStore tickets, TimeProvider time)
{
    private const int MaxAttempts = 25;
    private readonly Intake.KeyedLocks _locks = new();

    public async Task ChangeAsync(string number, Action<Ticket, DateTimeOffset> apply, CancellationToken ct)
    {
        using var held = await _locks.AcquireAsync(number, ct);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var stored = await tickets.FindAsync(number, ct) ?? throw new InvalidOperationException($"Ticket {number} disappeared.");
            var ticket = Ticket.Restore(stored.State);
            apply(ticket, time.GetUtcNow());
            if (ticket.NewActivities.Count == 0)
            {
                return;
            }
            try
            {
                await tickets.SaveAsync(stored, ticket, ct);
                return;
            }
            catch (PreconditionFailedException)
            {
                // Changed between read and write (another instance): read again after a short random pause.
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
        throw new InvalidOperationException($"Ticket {number} stayed contended; the work will be retried.");
    }
}
