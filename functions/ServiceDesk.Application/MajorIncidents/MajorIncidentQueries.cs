using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.MajorIncidents;

namespace ServiceDesk.Application.MajorIncidents;

/// <summary>What users and staff read of major incidents: the status list, one incident, its timeline, the public status.</summary>
public sealed record MajorIncidentStatusView(
    string Id, BilingualText Title, BilingualText Message, BilingualText Impact, IReadOnlyList<string> Services, string Status,
    DateTimeOffset StartedAt, DateTimeOffset? NextUpdateAt, DateTimeOffset LastUpdatedAt, DateTimeOffset? ResolvedAt)
{
    public static MajorIncidentStatusView From(MajorIncident m) => new(
        m.Id, m.Title, m.Message, m.Impact, m.Services, m.Status.ToString(), m.DeclaredAt, m.NextUpdateAt,
        m.Updates.Last(u => u.Public).At, m.ResolvedAt);
}

/// <summary>The post-incident review's record: each step with its time, users informed per update, tickets linked.</summary>
public sealed record MajorIncidentTimeline(
    string Id, string Status, DateTimeOffset DeclaredAt, string DeclaredBy, DateTimeOffset? ResolvedAt, TimeSpan? Duration,
    int TicketsLinked, int UsersInformed, IReadOnlyList<TimelineEntry> Entries);

public sealed record TimelineEntry(DateTimeOffset At, string Kind, string By, bool Public, BilingualText Message, int UsersInformed);

public sealed class MajorIncidentQueries(IMajorIncidentStore store, ICustomerDirectory customers, MajorIncidents incidents)
{
    /// <summary>
    /// <c>GET /api/major-incidents?customerId=</c>: any authenticated user of a customer sees what is open (and resolved in
    /// the last day) for their organisation; staff see every customer they serve, or one.
    /// </summary>
    public async Task<IReadOnlyList<MajorIncidentStatusView>> ListAsync(Caller caller, string? customerId, DateTimeOffset now, CancellationToken ct)
    {
        string? only;
        if (caller.IsStaff)
        {
            only = customerId;
            if (only is not null && !caller.Serves(only))
            {
                throw new NotFoundException($"Customer '{only}' was not found.");
            }
        }
        else
        {
            if (customerId is not null && customerId != caller.CustomerId)
            {
                throw new NotFoundException($"Customer '{customerId}' was not found.");
            }
            only = caller.CustomerId;
        }
        var all = await store.ListAsync(openOnly: false, ct);
        return all.Where(m => m.Status == MajorIncidentStatus.Open || m.ResolvedAt > now.AddDays(-1))
            .Where(m => only is not null ? m.Covers(only) : m.Customers.Contains(MajorIncident.AllCustomers) || m.Customers.Any(caller.Serves))
            .OrderByDescending(m => m.DeclaredAt)
            .Select(MajorIncidentStatusView.From).ToList();
    }

    public Task<MajorIncident> GetAsync(Caller caller, string id, CancellationToken ct) => incidents.LoadAsync(caller, id, ct);

    public async Task<MajorIncidentTimeline> TimelineAsync(Caller caller, string id, CancellationToken ct)
    {
        var m = await incidents.LoadAsync(caller, id, ct);
        var children = await store.ChildrenAsync(id, ct);
        var last = m.Updates.Count - 1;
        var entries = m.Updates.Select(u => new TimelineEntry(u.At,
            u.Sequence == 0 ? "declared" : u.Sequence == last && m.Status == MajorIncidentStatus.Resolved ? "resolved" : "update",
            u.By, u.Public, u.Message, u.UsersInformed)).ToList();
        return new MajorIncidentTimeline(m.Id, m.Status.ToString(), m.DeclaredAt, m.DeclaredBy, m.ResolvedAt, m.ResolvedAt - m.DeclaredAt,
            children.Count, m.Updates.Sum(u => u.UsersInformed), entries);
    }

    /// <summary>The unauthenticated status of one customer, only when its settings make it public; null otherwise (404).</summary>
    public async Task<IReadOnlyList<MajorIncidentStatusView>?> PublicStatusAsync(string customerId, DateTimeOffset now, CancellationToken ct)
    {
        if (!CustomerId.IsValid(customerId) || await store.GetSettingsAsync(customerId, ct) is not { PublicStatus: true } || await customers.FindAsync(customerId, ct) is null)
        {
            return null;
        }
        var all = await store.ListAsync(openOnly: false, ct);
        return all.Where(m => m.Covers(customerId) && (m.Status == MajorIncidentStatus.Open || m.ResolvedAt > now.AddDays(-1)))
            .OrderByDescending(m => m.DeclaredAt).Select(MajorIncidentStatusView.From).ToList();
    }
}

/// <summary>A customer's major-incident settings (admins) and its users' opt-out (themselves, where the customer allows it).</summary>
public sealed class MajorIncidentSettingsAdministration(IMajorIncidentStore store, ICustomerDirectory customers, TimeProvider time)
{
    public const int MaxSubscribers = 10_000;

    public async Task<MajorIncidentSettings> GetAsync(Caller caller, string customerId, CancellationToken ct)
    {
        await RequireCustomerAsync(caller, customerId, write: false, ct);
        return await store.GetSettingsAsync(customerId, ct) ?? MajorIncidentSettings.Default(customerId);
    }

    public async Task<MajorIncidentSettings> PutAsync(Caller caller, string customerId, MajorIncidentSettingsInput input, CancellationToken ct)
    {
        await RequireCustomerAsync(caller, customerId, write: true, ct);
        var errors = new FieldErrors();
        if (input.StormThreshold is { } t && t is < 2 or > 10_000)
        {
            errors.Add("stormThreshold", FieldRule.Range, "'stormThreshold' must be 2 to 10000 alerts.", FieldErrors.Args(("min", 2), ("max", 10000)));
        }
        var subscribers = new List<MajorIncidentSubscriber>();
        if ((input.Subscribers?.Count ?? 0) > MaxSubscribers)
        {
            errors.Add("subscribers", FieldRule.TooMany, $"At most {MaxSubscribers} subscribers.", FieldErrors.Args(("max", MaxSubscribers)));
        }
        foreach (var (s, i) in (input.Subscribers ?? []).Take(MaxSubscribers).Select((s, i) => (s, i)))
        {
            var email = errors.Email($"subscribers[{i}].email", s.Email, required: true);
            var name = errors.Text($"subscribers[{i}].name", s.Name, Limits.ShortTextLength, required: false);
            var language = errors.Enum<Language>($"subscribers[{i}].language", s.Language, required: false) ?? Language.Sv;
            var services = (s.Services ?? []).Select((v, j) => errors.Text($"subscribers[{i}].services[{j}]", v, Limits.ShortTextLength, required: true)).OfType<string>().ToList();
            if (email is not null && subscribers.Any(x => string.Equals(x.Email, email, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"subscribers[{i}].email", FieldRule.Duplicate, $"'{email}' is listed twice.");
            }
            else if (email is not null)
            {
                subscribers.Add(new MajorIncidentSubscriber(email, name ?? email, language, services));
            }
        }
        errors.ThrowIfAny();
        var settings = new MajorIncidentSettings(customerId, input.PublicStatus ?? false, input.AllowOptOut ?? true,
            input.StormThreshold ?? MajorIncidentSettings.DefaultStormThreshold, subscribers, time.GetUtcNow());
        await store.PutSettingsAsync(settings, ct);
        return settings;
    }

    /// <summary>A user stops (or resumes) getting broadcasts; 403 when the customer does not allow opting out.</summary>
    public async Task SetOptOutAsync(Caller caller, bool optedOut, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(caller.Email) || !CustomerId.IsValid(caller.CustomerId))
        {
            throw new ForbiddenException("Only a customer's users with a mail address can opt out of major-incident mails.");
        }
        var settings = await store.GetSettingsAsync(caller.CustomerId, ct) ?? MajorIncidentSettings.Default(caller.CustomerId);
        if (!settings.AllowOptOut)
        {
            throw new ForbiddenException("Your organisation does not allow opting out of major-incident mails. / Din organisation tillåter inte att du avstår från driftstörningsmejl.");
        }
        await store.SetOptOutAsync(caller.CustomerId, caller.Email.ToLowerInvariant(), optedOut, ct);
    }

    private async Task RequireCustomerAsync(Caller caller, string customerId, bool write, CancellationToken ct)
    {
        if (write ? !caller.Has(Role.Admin) : !caller.IsStaff)
        {
            throw new ForbiddenException(write ? "Only administrators may change major-incident settings." : "Only service desk staff may read major-incident settings.");
        }
        if (!CustomerId.IsValid(customerId) || !caller.Serves(customerId) || await customers.FindAsync(customerId, ct) is null)
        {
            throw new NotFoundException($"Customer '{(CustomerId.IsValid(customerId) ? customerId : "(invalid id)")}' was not found.");
        }
    }
}
