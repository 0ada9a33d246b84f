using ServiceDesk.Application.Common;
using ServiceDesk.Domain.MajorIncidents;

namespace ServiceDesk.Application.MajorIncidents;

/// <summary>
/// The open major incidents, from memory: every ticket create asks whether one matches, and this answers without a
/// storage request. The list is loaded at startup (<see cref="OpenAsync"/> from the warm-up) and refreshed in the
/// background once older than <see cref="CacheFor"/> while the stale list is served, so a create never waits for it;
/// a change through this instance is seen at once, one through another instance within the cache time.
/// </summary>
public sealed class MajorIncidentCatalog(IMajorIncidentStore store, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);
    private const string Key = "open";

    private readonly RefreshingCache<IReadOnlyList<MajorIncident>> _open = new(time, CacheFor);

    public async Task<IReadOnlyList<MajorIncident>> OpenAsync(CancellationToken ct) =>
        await _open.GetAsync(Key, async c => (IReadOnlyList<MajorIncident>?)await store.ListAsync(openOnly: true, c), ct) ?? [];

    public void Forget() => _open.Forget(Key);
}
