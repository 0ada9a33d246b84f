using System.Collections.Concurrent;

namespace ServiceDesk.Application.Common;

/// <summary>
/// Values read on every request from memory: loaded once, then refreshed in the background once older than the
/// lifetime while the stale value is served (a storage failure keeps the stale value), so a request pays for a read
/// only the first time a key is asked for. <see cref="Forget"/> makes the next read load again (after a local write).
/// </summary>
public sealed class RefreshingCache<T>(TimeProvider time, TimeSpan lifetime) where T : class
{
    private readonly ConcurrentDictionary<string, (T? Value, DateTimeOffset Expires)> _values = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _refreshing = new(StringComparer.Ordinal);

    public async Task<T?> GetAsync(string key, Func<CancellationToken, Task<T?>> load, CancellationToken ct)
    {
        if (_values.TryGetValue(key, out var hit))
        {
            if (hit.Expires <= time.GetUtcNow())
            {
                _ = _refreshing.GetOrAdd(key, k => RefreshAsync(k, load));
            }
            return hit.Value;
        }
        return await LoadAsync(key, load, ct);
    }

    public void Forget(string key) => _values.TryRemove(key, out _);

    private async Task<T?> LoadAsync(string key, Func<CancellationToken, Task<T?>> load, CancellationToken ct)
    {
        var value = await load(ct);
        _values[key] = (value, time.GetUtcNow() + lifetime);
        return value;
    }

    private async Task RefreshAsync(string key, Func<CancellationToken, Task<T?>> load)
    {
        try
        {
            await Task.Yield();
            await LoadAsync(key, load, CancellationToken.None);
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
