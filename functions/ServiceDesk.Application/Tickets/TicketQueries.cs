using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>Reading tickets: one by number, lists within the caller's reach, and activity logs.</summary>
public sealed class TicketQueries(ITicketStore store, ICustomerDirectory customers, ITicketLifecycle? lifecycle = null, TimeProvider? time = null)
{
    public Task<StoredTicket> GetAsync(Caller caller, string number, CancellationToken ct) =>
        TicketLoader.LoadVisibleAsync(store, customers, caller, number, ct);

    /// <summary>A ticket as it reads now: its service level clocks advanced to this moment (nothing is saved).</summary>
    public async Task<StoredTicket> GetCurrentAsync(Caller caller, string number, CancellationToken ct)
    {
        var stored = await GetAsync(caller, number, ct);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        return lifecycle is null ? stored : stored with { State = await lifecycle.AsOfAsync(stored.State, now, ct) };
    }

    public async Task<Page<Activity>> ActivityAsync(Caller caller, string number, string? pageSize, string? continuationToken, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var size = ContinuationToken.PageSize(errors, pageSize);
        errors.ThrowIfAny();
        var (_, inner) = ContinuationToken.Decode(continuationToken);
        var stored = await GetAsync(caller, number, ct);
        var page = await store.ListActivityAsync(stored.State.Number, TicketAccess.CanSeeInternal(caller, stored.State), size, inner, ct);
        return page with { ContinuationToken = page.ContinuationToken is null ? null : ContinuationToken.Encode(0, page.ContinuationToken) };
    }

    /// <summary>
    /// Lists tickets one customer partition at a time. End users see their own tickets (or their organisation's,
    /// where the customer allows it); staff see the customers they serve, one or all of them.
    /// </summary>
    public async Task<Page<TicketSummary>> ListAsync(Caller caller, TicketListQuery query, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var filter = new TicketFilter
        {
            Status = errors.Enum<TicketStatus>("status", query.Status, required: false),
            Kind = errors.Enum<TicketKind>("kind", query.Kind, required: false),
            AssignmentGroup = errors.Text("group", query.Group, Limits.ShortTextLength, required: false),
            AssigneeId = errors.Text("assigneeId", query.AssigneeId, Limits.ShortTextLength, required: false),
            RequesterId = errors.Text("requesterId", query.RequesterId, Limits.ShortTextLength, required: false),
            OpenOnly = ParseBool(errors, "open", query.Open),
            SlaBreached = string.IsNullOrEmpty(query.SlaBreached) ? null : ParseBool(errors, "slaBreached", query.SlaBreached),
            DueBefore = ParseInstant(errors, "dueBefore", query.DueBefore),
        };
        var pageSize = ContinuationToken.PageSize(errors, query.PageSize);
        var requestedCustomer = errors.Text("customerId", query.CustomerId, 63, required: false);
        errors.ThrowIfAny();
        var (partition, inner) = ContinuationToken.Decode(query.ContinuationToken);

        var scope = await ScopeAsync(caller, requestedCustomer, ct);
        if (scope.Customers.Count == 0)
        {
            return new Page<TicketSummary>([], null);
        }
        if (scope.OwnTicketsOnly)
        {
            filter = filter with { RequesterId = caller.UserId };
        }

        var items = new List<TicketSummary>(pageSize);
        while (partition < scope.Customers.Count)
        {
            var page = await store.ListAsync(scope.Customers[partition], filter, pageSize - items.Count, inner, ct);
            items.AddRange(page.Items);
            if (page.ContinuationToken is not null)
            {
                return new Page<TicketSummary>(items, ContinuationToken.Encode(partition, page.ContinuationToken));
            }
            partition++;
            inner = null;
            if (items.Count >= pageSize)
            {
                break;
            }
        }
        var next = partition < scope.Customers.Count ? ContinuationToken.Encode(partition, null) : null;
        return new Page<TicketSummary>(items, next);
    }

    private sealed record Scope(IReadOnlyList<string> Customers, bool OwnTicketsOnly);

    private async Task<Scope> ScopeAsync(Caller caller, string? requestedCustomer, CancellationToken ct)
    {
        var unknown = new NotFoundException($"Customer '{requestedCustomer}' was not found.");
        if (caller.IsStaff || caller.Has(Role.Integration))
        {
            if (requestedCustomer is not null)
            {
                return caller.Serves(requestedCustomer) && CustomerId.IsValid(requestedCustomer)
                    ? new Scope([requestedCustomer], false)
                    : throw unknown;
            }
            var all = caller.Has(Role.Admin) || caller.ServedCustomers.Contains(Caller.AllCustomers);
            var served = all
                ? (await customers.ListAsync(ct)).Select(c => c.Id)
                : caller.ServedCustomers.Where(CustomerId.IsValid);
            return new Scope(served.Order(StringComparer.Ordinal).ToList(), false);
        }
        if (requestedCustomer is not null && requestedCustomer != caller.CustomerId)
        {
            throw unknown;
        }
        if (!CustomerId.IsValid(caller.CustomerId))
        {
            return new Scope([], true);
        }
        var customer = await customers.FindAsync(caller.CustomerId, ct);
        return new Scope([caller.CustomerId], customer?.EndUsersSeeOrganisationTickets != true);
    }

    private static DateTimeOffset? ParseInstant(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at))
        {
            return at.ToUniversalTime();
        }
        errors.Add(field, FieldRule.Date, $"'{field}' must be an ISO 8601 instant, e.g. 2026-12-24T12:00:00Z.");
        return null;
    }

    private static bool ParseBool(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }
        if (bool.TryParse(value, out var b))
        {
            return b;
        }
        errors.Add(field, FieldRule.NotAllowed, $"'{field}' must be true or false.");
        return false;
    }
}
