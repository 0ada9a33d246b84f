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

    private readonly Lock _gate = new();
    private (IReadOnlyList<MajorIncident> Open, DateTimeOffset Expires)? _open;
    private Task? _refreshing;

    public async Task<IReadOnlyList<MajorIncident>> OpenAsync(CancellationToken ct)
    {
        if (_open is { } cached)
        {
            if (cached.Expires <= time.GetUtcNow())
            {
                lock (_gate)
                {
                    _refreshing ??= RefreshAsync();
                }
            }
            return cached.Open;
        }
        return await LoadAsync(ct);
    }

    public void Forget() => _open = null;

    private async Task<IReadOnlyList<MajorIncident>> LoadAsync(CancellationToken ct)
    {
        var open = await store.ListAsync(openOnly: true, ct);
        _open = (open, time.GetUtcNow() + CacheFor);
        return open;
    }

    private async Task RefreshAsync()
    {
        try
        {
            await Task.Yield();
            await LoadAsync(CancellationToken.None);
        }
        catch (Exception)
        {
            // Storage unavailable: the stale list is served; the next create past expiry tries again.
        }
        finally
        {
            lock (_gate)
            {
                _refreshing = null;
            }
        }
    }
}
