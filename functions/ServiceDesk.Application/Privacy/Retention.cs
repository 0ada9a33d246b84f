using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Privacy;

/// <summary>What expires: the ticket's people and free text (pseudonymised) or its raw mails and attachments (deleted).</summary>
public enum RetentionKind
{
    Mail,
    Ticket,
}

/// <summary>A row of the expiry index: <paramref name="Kind"/> of ticket <paramref name="Ticket"/> is due at <paramref name="Due"/>,
/// computed from the ticket's <paramref name="ClosedAt"/> (the job re-checks it: a ticket that is no longer closed then, or was
/// closed again later, is skipped).</summary>
public sealed record RetentionDue(DateTimeOffset Due, RetentionKind Kind, string CustomerId, string Ticket, DateTimeOffset ClosedAt);

/// <summary>The expiry index (table <c>RetentionDue</c>), read by due time so a run costs what is due.</summary>
public interface IRetentionIndex
{
    /// <summary>Adds or overwrites the row (the same ticket closed at the same instant is the same row).</summary>
    Task AddAsync(RetentionDue due, CancellationToken ct);

    /// <summary>Rows due at or before <paramref name="now"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<RetentionDue>> DueAsync(DateTimeOffset now, int max, CancellationToken ct);

    Task RemoveAsync(RetentionDue due, CancellationToken ct);
}

/// <summary>The storage side of retention, sharing the erasure's redaction and pseudonyms.</summary>
public interface ITicketRetentionStore
{
    /// <summary>Pseudonymises the people of one ticket (requester, watchers and commenters who are the customer's users) in
    /// the ticket's rows; numbers, timings, statuses and counts stay. Idempotent.</summary>
    Task<StoreCounts> PseudonymiseTicketAsync(string customerId, string number, CancellationToken ct);

    /// <summary>Deletes the raw mails and attachments stored for one ticket. Idempotent.</summary>
    Task<StoreCounts> DeleteTicketMailAsync(string customerId, string number, CancellationToken ct);
}

/// <summary>The customer's retention periods (defaults when the customer has none or is unknown).</summary>
public static class RetentionPeriods
{
    public static RetentionOverrides Of(Customer? customer) => customer?.Retention ?? new RetentionOverrides();

    public static DateTimeOffset DueAt(RetentionKind kind, DateTimeOffset closedAt, RetentionOverrides periods) =>
        closedAt.AddMonths(kind == RetentionKind.Ticket ? periods.ClosedTickets : periods.RawMail);
}

/// <summary>
/// On the one write path: when a ticket is closed (or cancelled) its two due rows are written, the raw mails at closedAt +
/// the customer's raw-mail period and the ticket at closedAt + the closed-ticket period. A later change of the closed ticket
/// rewrites the same rows (same keys), so nothing piles up.
/// </summary>
public sealed class RetentionLifecycle(IRetentionIndex index, ICustomerDirectory customers) : ITicketLifecycle
{
    public Task OpenedAsync(Ticket ticket, DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;

    public async Task ChangedAsync(Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        if (ticket.Status is not (TicketStatus.Closed or TicketStatus.Cancelled) || ticket.State.ClosedAt is not { } closedAt)
        {
            return;
        }
        var periods = RetentionPeriods.Of(await customers.FindAsync(ticket.CustomerId, ct));
        foreach (var kind in new[] { RetentionKind.Mail, RetentionKind.Ticket })
        {
            await index.AddAsync(new RetentionDue(RetentionPeriods.DueAt(kind, closedAt, periods), kind, ticket.CustomerId, ticket.Number, closedAt), ct);
        }
    }

    public Task<TicketState> AsOfAsync(TicketState state, DateTimeOffset now, CancellationToken ct) => Task.FromResult(state);
}

/// <summary>
/// The daily retention run: reads only the due rows, re-checks each ticket (still closed, closed at the same instant, the
/// customer's current period still expired), pseudonymises expired tickets or deletes their raw mails, and deletes each due
/// row only after its ticket is done (a host that dies mid-run redoes the rest, idempotently). One audit entry per customer
/// touched, counts only.
/// </summary>
public sealed class RetentionJob(IRetentionIndex index, ITicketRetentionStore store, ITicketStore tickets, ICustomerDirectory customers, IPrivacyAudit audit, TimeProvider time)
{
    /// <summary>Due rows handled per run; the rest are due again on the next run.</summary>
    public const int MaxPerRun = 5000;

    public const string AuditAction = "retention-completed";
    public const string AuditActor = "system:retention";

    public sealed record Result(int Due, int TicketsPseudonymised, int MailTickets, int BlobsDeleted, int RowsChanged, int Stale, int Postponed);

    public async Task<Result> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await index.DueAsync(now, MaxPerRun, ct);
        var perCustomer = new Dictionary<string, Dictionary<string, StoreCounts>>(StringComparer.Ordinal);
        int pseudonymised = 0, mailTickets = 0, blobs = 0, rows = 0, stale = 0, postponed = 0;
        foreach (var row in due)
        {
            var stored = await tickets.FindAsync(row.Ticket, ct);
            var state = stored?.State;
            if (state is null || state.CustomerId != row.CustomerId || state.Status is not (TicketStatus.Closed or TicketStatus.Cancelled) || state.ClosedAt != row.ClosedAt)
            {
                // Reopened, closed again later (that close wrote its own row) or gone: this row is stale.
                stale++;
                Count(perCustomer, row.CustomerId, "retention:stale", new StoreCounts(1, 0, 1));
                await index.RemoveAsync(row, ct);
                continue;
            }
            var current = RetentionPeriods.DueAt(row.Kind, row.ClosedAt, RetentionPeriods.Of(await customers.FindAsync(row.CustomerId, ct)));
            if (current > now)
            {
                // The customer lengthened the period since the ticket closed: due later.
                postponed++;
                await index.AddAsync(row with { Due = current }, ct);
                await index.RemoveAsync(row, ct);
                continue;
            }
            if (row.Kind == RetentionKind.Ticket)
            {
                var counts = await store.PseudonymiseTicketAsync(row.CustomerId, row.Ticket, ct);
                pseudonymised++;
                rows += counts.Changed;
                Count(perCustomer, row.CustomerId, "retention:tickets", new StoreCounts(1, counts.Changed, counts.Deleted));
            }
            else
            {
                var counts = await store.DeleteTicketMailAsync(row.CustomerId, row.Ticket, ct);
                mailTickets++;
                blobs += counts.Deleted;
                Count(perCustomer, row.CustomerId, "retention:mail", new StoreCounts(1, 0, counts.Deleted));
            }
            await index.RemoveAsync(row, ct);
        }
        var runId = "retention-" + now.UtcDateTime.ToString("yyyyMMddTHHmmssfffZ", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (customerId, counts) in perCustomer)
        {
            await audit.AppendAsync(new PrivacyAuditEntry(customerId, runId, AuditAction, AuditActor, now, "", counts), ct);
        }
        return new Result(due.Count, pseudonymised, mailTickets, blobs, rows, stale, postponed);
    }

    private static void Count(Dictionary<string, Dictionary<string, StoreCounts>> all, string customerId, string key, StoreCounts add)
    {
        if (!all.TryGetValue(customerId, out var counts))
        {
            all[customerId] = counts = new Dictionary<string, StoreCounts>(StringComparer.Ordinal);
        }
        var before = counts.GetValueOrDefault(key);
        counts[key] = before is null ? add : new StoreCounts(before.Matched + add.Matched, before.Changed + add.Changed, before.Deleted + add.Deleted);
    }
}
