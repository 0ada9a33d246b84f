using ServiceDesk.Domain.MajorIncidents;

namespace ServiceDesk.Application.MajorIncidents;

/// <summary>
/// The open major incidents, from memory: every ticket create asks whether one matches, and with this it costs no
/// storage request while the list is fresh (<see cref="CacheFor"/>; a change through this instance is seen at once,
/// one through another instance within the cache time), and one read to refresh it.
/// </summary>
public sealed class MajorIncidentCatalog(IMajorIncidentStore store, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private (IReadOnlyList<MajorIncident> Open, DateTimeOffset Expires)? _open;

    public async Task<IReadOnlyList<MajorIncident>> OpenAsync(CancellationToken ct)
    {
        if (_open is { } cached && cached.Expires > time.GetUtcNow())
        {
            return cached.Open;
        }
        var open = await store.ListAsync(openOnly: true, ct);
        _open = (open, time.GetUtcNow() + CacheFor);
        return open;
    }

    public void Forget() => _open = null;
}
