using System.Collections.Concurrent;
using ServiceDesk.Domain.ServiceLevels;

namespace ServiceDesk.Application.ServiceLevels;

/// <summary>
/// The service level settings as the clocks and the router read them on every ticket write: from memory, refreshed
/// after <see cref="CacheFor"/> (a write through this instance is seen at once). Policy versions never change once
/// written, so a version is read once. A customer without a calendar of its own uses the supplier's, and without that
/// <see cref="CalendarDefinition.Default"/>.
/// </summary>
public sealed class ServiceLevelCatalog(IServiceLevelStore store, TimeProvider time)
{
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
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(key, out var hit) && hit.Expires > now)
        {
            return (T?)hit.Value;
        }
        var value = await load(ct);
        // A missing version may still be written; only a found version is kept for good.
        _cache[key] = (value, forever && value is not null ? DateTimeOffset.MaxValue : now + CacheFor);
        return value;
    }
}
