using System.Collections.Concurrent;
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
    private readonly ConcurrentDictionary<string, Task> _refreshing = new(StringComparer.Ordinal);

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

    public const string SupplierCalendarId = "supplier";
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (object? Value, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public async Task<BusinessCalendar> CalendarAsync(string customerId, string name, CancellationToken ct)
    {
        if (name == SlaPolicy.AlwaysOpenCalendarName)
        {
            return BusinessCalendar.AlwaysOpen;
        }
        var own = await CachedAsync("cal|" + customerId, c => store.GetCalendarAsync(customerId, c), ct);
        var definition = own ?? await CachedAsync("cal|" + SupplierCalendarId, c => store.GetCalendarAsync(SupplierCalendarId, c), ct)
            ?? CalendarDefinition.Default;
        return new BusinessCalendar(definition, SwedishPublicHolidays.IsHoliday);
    }

    public Task<SlaPolicySet?> PoliciesAsync(string customerId, int? version, CancellationToken ct) => version is { } v
        ? CachedAsync($"pol|{customerId}|{v}", c => store.GetPoliciesAsync(customerId, v, c), ct, forever: true)
        : CachedAsync($"pol|{customerId}|current", c => store.GetPoliciesAsync(customerId, null, c), ct);

    public Task<RoutingRules?> RoutingAsync(string customerId, CancellationToken ct) =>
        CachedAsync("route|" + customerId, c => store.GetRoutingAsync(customerId, c), ct);

    public Task<AssignmentGroup?> GroupAsync(string id, CancellationToken ct) =>
        CachedAsync("group|" + id, c => store.FindGroupAsync(id, c), ct);

    /// <summary>Forgets what this instance cached for a customer (after an admin write).</summary>
    public void Forget(string customerId)
    {
        foreach (var key in _cache.Keys.Where(k => k.EndsWith("|" + customerId, StringComparison.Ordinal) || k.Contains("|" + customerId + "|", StringComparison.Ordinal)))
        {
            _cache.TryRemove(key, out _);
        }
    }

    public void ForgetGroup(string id) => _cache.TryRemove("group|" + id, out _);

    private async Task<T?> CachedAsync<T>(string key, Func<CancellationToken, Task<T?>> load, CancellationToken ct, bool forever = false) where T : class
    {
        if (_cache.TryGetValue(key, out var hit))
        {
            if (hit.Expires <= time.GetUtcNow())
            {
                _ = _refreshing.GetOrAdd(key, k => RefreshAsync(k, load, forever));
            }
            return (T?)hit.Value;
        }
        return await LoadAsync(key, load, forever, ct);
    }

    private async Task<T?> LoadAsync<T>(string key, Func<CancellationToken, Task<T?>> load, bool forever, CancellationToken ct) where T : class
    {
        var value = await load(ct);
        // A missing version may still be written; only a found version is kept for good.
        _cache[key] = (value, forever && value is not null ? DateTimeOffset.MaxValue : time.GetUtcNow() + CacheFor);
        return value;
    }

    private async Task RefreshAsync<T>(string key, Func<CancellationToken, Task<T?>> load, bool forever) where T : class
    {
        try
        {
            await Task.Yield();
            await LoadAsync(key, load, forever, CancellationToken.None);
        }
        catch (Exception)
        {
            // Storage unavailable: keep serving the stale value; the next read past expiry tries again.
        }
        finally
        {
            _refreshing.TryRemove(key, out _);
        }
    }
}
