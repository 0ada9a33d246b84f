using ServiceDesk.Application.Common;
using ServiceDesk.Domain.ServiceLevels;

namespace ServiceDesk.Application.ServiceLevels;

/// <summary>
/// The service level settings as the clocks and the router read them on every ticket write: from memory, loaded for
/// every customer at startup (<see cref="WarmUpAsync"/>), and refreshed in the background once older than
/// <see cref="CacheFor"/> (the stale value is served meanwhile, as the customer registry does), so a ticket write reads
/// none of them. A write through this instance is seen at once, one through another instance within the cache time.
/// Policy versions never change once written, so a version is read once. A customer without a calendar of its own uses
/// the supplier's, and without that <see cref="CalendarDefinition.Default"/>.
/// </summary>
public sealed class ServiceLevelCatalog(IServiceLevelStore store, TimeProvider time)
{
    public const string SupplierCalendarId = "supplier";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly RefreshingCache<CalendarDefinition> _calendars = new(time, CacheFor);
    private readonly RefreshingCache<SlaPolicySet> _policies = new(time, CacheFor);
    // A written version never changes: kept a day between (harmless) refreshes.
    private readonly RefreshingCache<SlaPolicySet> _versions = new(time, TimeSpan.FromDays(1));
    private readonly RefreshingCache<RoutingRules> _routing = new(time, CacheFor);
    private readonly RefreshingCache<AssignmentGroup> _groups = new(time, CacheFor);

    /// <summary>Loads the supplier calendar and, per customer, its calendar, routing rules and newest policies.</summary>
    public async Task WarmUpAsync(IEnumerable<string> customerIds, CancellationToken ct)
    {
        await CalendarAsync(SupplierCalendarId, SlaPolicy.BusinessCalendarName, ct);
        await Parallel.ForEachAsync(customerIds, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, c) =>
        {
            await CalendarAsync(id, SlaPolicy.BusinessCalendarName, c);
            await RoutingAsync(id, c);
            await PoliciesAsync(id, null, c);
        });
    }

    public async Task<BusinessCalendar> CalendarAsync(string customerId, string name, CancellationToken ct)
    {
        if (name == SlaPolicy.AlwaysOpenCalendarName)
        {
            return BusinessCalendar.AlwaysOpen;
        }
        var own = await _calendars.GetAsync(customerId, c => store.GetCalendarAsync(customerId, c), ct);
        var definition = own ?? await _calendars.GetAsync(SupplierCalendarId, c => store.GetCalendarAsync(SupplierCalendarId, c), ct)
            ?? CalendarDefinition.Default;
        return new BusinessCalendar(definition, SwedishPublicHolidays.IsHoliday);
    }

    public async Task<SlaPolicySet?> PoliciesAsync(string customerId, int? version, CancellationToken ct)
    {
        if (version is not { } v)
        {
            return await _policies.GetAsync(customerId, c => store.GetPoliciesAsync(customerId, null, c), ct);
        }
        var key = $"{customerId}|{v}";
        var found = await _versions.GetAsync(key, c => store.GetPoliciesAsync(customerId, v, c), ct);
        if (found is null)
        {
            _versions.Forget(key);   // a version not written yet may be written: not remembered as missing
        }
        return found;
    }

    public Task<RoutingRules?> RoutingAsync(string customerId, CancellationToken ct) =>
        _routing.GetAsync(customerId, c => store.GetRoutingAsync(customerId, c), ct);

    public Task<AssignmentGroup?> GroupAsync(string id, CancellationToken ct) =>
        _groups.GetAsync(id, c => store.FindGroupAsync(id, c), ct);

    /// <summary>Forgets what this instance cached for a customer (after an admin write).</summary>
    public void Forget(string customerId)
    {
        _calendars.Forget(customerId);
        _policies.Forget(customerId);
        _routing.Forget(customerId);
    }

    public void ForgetGroup(string id) => _groups.Forget(id);
}
