using ServiceDesk.Application.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>
/// The one path for changing a ticket: load it, apply a domain change, save it with its ETag, and when someone else
/// saved it in between, read it again and re-apply the change to the fresh ticket (its rules checked again), with one
/// retry policy. Writes to one ticket are serialised within the instance, so a burst of changes to one ticket (replies,
/// alert repeats) does not retry against itself; across instances the storage ETag decides, with jittered backoff.
/// </summary>
public sealed class TicketUpdater(ITicketStore store, TimeProvider time, ITicketLifecycle? lifecycle = null)
{
    private readonly ITicketLifecycle _lifecycle = lifecycle ?? ITicketLifecycle.None;

    /// <summary>Attempts before a change that keeps losing races gives up (and its delivery is retried by its channel).</summary>
    public const int MaxAttempts = 25;

    private readonly KeyedLocks _locks = new();

    /// <summary>Applies a change to the loaded ticket; returns false to leave it unsaved (e.g. it was finished meanwhile).</summary>
    public delegate ValueTask<bool> Change(StoredTicket stored, Ticket ticket, DateTimeOffset now);

    /// <param name="load">How the ticket is read (by default from the store; callers may check access on the way).</param>
    /// <param name="retryOnConflict">False when the caller pinned a version (If-Match): a lost race is then its 412.</param>
    /// <returns>The ticket as saved, as read when nothing changed, or null when it does not exist.</returns>
    /// <exception cref="PreconditionFailedException">The race was lost and may not, or could no longer, be retried.</exception>
    public async Task<StoredTicket?> ChangeAsync(string number, Change change, CancellationToken ct,
        Func<CancellationToken, Task<StoredTicket?>>? load = null, bool retryOnConflict = true)
    {
        using var span = ServiceDeskTelemetry.Start(ServiceDeskTelemetry.Spans.UpdateTicket);
        span?.SetTag(ServiceDeskTelemetry.TicketNumber, number);
        using var held = await _locks.AcquireAsync(number, ct);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await (load?.Invoke(ct) ?? store.FindAsync(number, ct));
            if (stored is null)
            {
                return null;
            }
            var ticket = Ticket.Restore(stored.State);
            var now = time.GetUtcNow();
            if (!await change(stored, ticket, now) || ticket.NewActivities.Count == 0)
            {
                return stored;
            }
            await _lifecycle.ChangedAsync(ticket, now, ct);
            try
            {
                return await store.SaveAsync(stored, ticket, ct);
            }
            catch (PreconditionFailedException) when (retryOnConflict && attempt < MaxAttempts)
            {
                await Task.Delay(Random.Shared.Next(attempt, 5 + 5 * attempt), ct);
            }
        }
    }

    /// <summary>A system change to a ticket that must exist (mail, intake): a missing ticket is a failure of the delivery.</summary>
    public async Task<StoredTicket> ChangeAsync(string number, Action<Ticket, DateTimeOffset> apply, CancellationToken ct) =>
        await ChangeAsync(number, (_, ticket, now) =>
        {
            apply(ticket, now);
            return ValueTask.FromResult(true);
        }, ct) ?? throw new InvalidOperationException($"Ticket {number} disappeared.");
}
