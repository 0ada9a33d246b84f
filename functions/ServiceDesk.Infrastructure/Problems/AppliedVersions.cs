namespace ServiceDesk.Infrastructure.Problems;

/// <summary>
/// The ticket versions this instance applied to the statistics recently (a bounded, oldest-out memory). Each
/// statistics run re-reads the last minutes of the change feed (the watermark's safety margin against clock skew and
/// late commits); without this memory every change in that margin cost a ticket read and a facts read only to find it
/// applied already. An entry is only added after its facts row committed, so it never claims more than storage holds;
/// another instance's work is still found through the facts rows, as before.
/// </summary>
public sealed class AppliedVersions(int capacity)
{
    private readonly Dictionary<(string Customer, string Number), long> _versions = [];
    private readonly Queue<(string Customer, string Number)> _order = new();
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _versions.Count;
            }
        }
    }

    /// <summary>True when this version of the ticket (or a later one) is known to be applied.</summary>
    public bool Covers(string customerId, string number, long version)
    {
        lock (_lock)
        {
            return _versions.TryGetValue((customerId, number), out var applied) && applied >= version;
        }
    }

    public void Record(string customerId, string number, long version)
    {
        lock (_lock)
        {
            var key = (customerId, number);
            if (_versions.TryGetValue(key, out var applied))
            {
                _versions[key] = Math.Max(applied, version);
                return;
            }
            _versions[key] = version;
            _order.Enqueue(key);
            while (_order.Count > capacity)
            {
                _versions.Remove(_order.Dequeue());
            }
        }
    }

    /// <summary>After a reset: the customer's next run reads and checks everything again.</summary>
    public void Forget(string customerId)
    {
        lock (_lock)
        {
            foreach (var key in _versions.Keys.Where(k => k.Customer == customerId).ToList())
            {
                _versions.Remove(key);
            }
            var kept = _order.Where(k => k.Customer != customerId).ToList();
            _order.Clear();
            foreach (var key in kept)
            {
                _order.Enqueue(key);
            }
        }
    }
}
