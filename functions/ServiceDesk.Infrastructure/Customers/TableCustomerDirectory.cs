using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Customers;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.Infrastructure.Customers;

/// <summary>
/// Customers in one small partition of the Customers table. Nearly every request needs its customer, so they are
/// kept in memory: loaded all at once at startup (<see cref="WarmUpAsync"/>), served from memory, and refreshed
/// in the background once older than <see cref="StorageOptions.CustomerCacheSeconds"/> (the stale value is
/// served meanwhile). Only a customer never seen before costs a read on the request path, and concurrent
/// requests for it share that one read.
/// </summary>
public sealed class TableCustomerDirectory(Tables tables, IOptions<StorageOptions> options, TimeProvider time) : ICustomerDirectory
{
    private const string PartitionKey = "customer";
    private readonly ConcurrentDictionary<string, (Customer? Customer, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<Customer?>> _loads = new(StringComparer.Ordinal);
    private readonly Lock _listGate = new();
    private (IReadOnlyList<Customer> Customers, DateTimeOffset Expires)? _all;
    private Task<IReadOnlyList<Customer>>? _listing;
    private long _writes;

    public async Task<Customer?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(id, out var cached))
        {
            if (cached.Expires <= time.GetUtcNow())
            {
                _ = LoadOnceAsync(id);
            }
            return cached.Customer;
        }
        return await LoadOnceAsync(id).WaitAsync(cancellationToken);
    }

    /// <summary>Loads every customer into memory; called once at startup.</summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken) => await ListAsync(cancellationToken);

    private Task<Customer?> LoadOnceAsync(string id)
    {
        var load = _loads.GetOrAdd(id, key => LoadAsync(key));
        if (load.IsCompleted)
        {
            _loads.TryRemove(new KeyValuePair<string, Task<Customer?>>(id, load));
        }
        return load;
    }

    private async Task<Customer?> LoadAsync(string id)
    {
        try
        {
            var client = await tables.GetAsync(tables.Names.Customers);
            var response = await client.GetEntityIfExistsAsync<TableEntity>(PartitionKey, id);
            var customer = response.HasValue ? ToCustomer(response.Value!) : null;
            Remember(id, customer);
            return customer;
        }
        finally
        {
            _loads.TryRemove(id, out _);
        }
    }

    private void Remember(string id, Customer? customer) =>
        _cache[id] = (customer, time.GetUtcNow().AddSeconds(options.Value.CustomerCacheSeconds));

    /// <summary>
    /// Every customer, from memory like <see cref="FindAsync"/>: the first call reads the table, later calls get the
    /// list while it is younger than <c>CustomerCacheSeconds</c> and an expired list while one refresh runs in the
    /// background. Timer jobs and mail ingestion (which maps every sender domain) list customers on every run or mail;
    /// this keeps that off the Customers table. A change made through this instance is in the list at once, one made
    /// by another instance within the cache time.
    /// </summary>
    public async Task<IReadOnlyList<Customer>> ListAsync(CancellationToken cancellationToken)
    {
        if (_all is { } snapshot)
        {
            if (snapshot.Expires <= time.GetUtcNow())
            {
                _ = ListOnceAsync();
            }
            return snapshot.Customers;
        }
        return await ListOnceAsync().WaitAsync(cancellationToken);
    }

    private Task<IReadOnlyList<Customer>> ListOnceAsync()
    {
        lock (_listGate)
        {
            if (_listing is null || _listing.IsCompleted)
            {
                _listing = LoadAllAsync();
            }
            return _listing;
        }
    }

    private async Task<IReadOnlyList<Customer>> LoadAllAsync()
    {
        var writesBefore = Interlocked.Read(ref _writes);
        var client = await tables.GetAsync(tables.Names.Customers);
        var list = new List<Customer>();
        await foreach (var e in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey}")))
        {
            list.Add(ToCustomer(e));
        }
        lock (_listGate)
        {
            // A write through this instance during the read may be missing from it: then keep the list that write
            // updated (RememberInList), expired, so the next call reads again.
            if (Interlocked.Read(ref _writes) == writesBefore)
            {
                _all = (list, time.GetUtcNow().AddSeconds(options.Value.CustomerCacheSeconds));
                foreach (var customer in list)
                {
                    Remember(customer.Id, customer);
                }
            }
        }
        return list;
    }

    /// <summary>Puts a customer this instance just wrote into the cached list (if there is one).</summary>
    private void RememberInList(Customer customer)
    {
        lock (_listGate)
        {
            if (_all is { } snapshot)
            {
                var list = snapshot.Customers.Where(c => c.Id != customer.Id).Append(customer).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();
                _all = (list, snapshot.Expires);
            }
        }
    }

    public async Task UpsertAsync(Customer customer, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.Customers);
        var entity = new TableEntity(PartitionKey, customer.Id)
        {
            ["Name"] = customer.Name,
            ["EmailDomains"] = JsonSerializer.Serialize(customer.EmailDomains),
            ["DefaultLanguage"] = customer.DefaultLanguage.ToString(),
            ["EndUsersSeeOrganisationTickets"] = customer.EndUsersSeeOrganisationTickets,
            ["ResolveOnAlertRecovery"] = customer.ResolveOnAlertRecovery,
        };
        // Detection overrides: one Int32 column per value set; an absent column is the global default.
        // Replace mode drops columns of values no longer set.
        if (customer.ProblemDetection is { } detection)
        {
            SetIfGiven(entity, VolumeMinIncidents, detection.VolumeMinIncidents);
            SetIfGiven(entity, VolumeWindowHours, detection.VolumeWindowHours);
            SetIfGiven(entity, SimilarityMinIncidents, detection.SimilarityMinIncidents);
        }
        if (customer.Retention is { } retention)
        {
            SetIfGiven(entity, RetentionClosedTicketMonths, retention.ClosedTicketMonths);
            SetIfGiven(entity, RetentionRawMailMonths, retention.RawMailMonths);
        }
        await client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        Interlocked.Increment(ref _writes);
        Remember(customer.Id, customer);
        RememberInList(customer);
    }

    private const string VolumeMinIncidents = "ProblemVolumeMinIncidents";
    private const string VolumeWindowHours = "ProblemVolumeWindowHours";
    private const string SimilarityMinIncidents = "ProblemSimilarityMinIncidents";
    private const string RetentionClosedTicketMonths = "RetentionClosedTicketMonths";
    private const string RetentionRawMailMonths = "RetentionRawMailMonths";

    private static void SetIfGiven(TableEntity entity, string column, int? value)
    {
        if (value is { } v)
        {
            entity[column] = v;
        }
    }

    private static Customer ToCustomer(TableEntity e)
    {
        var detection = new ProblemDetectionOverrides(e.GetInt32(VolumeMinIncidents), e.GetInt32(VolumeWindowHours), e.GetInt32(SimilarityMinIncidents));
        var retention = new RetentionOverrides(e.GetInt32(RetentionClosedTicketMonths), e.GetInt32(RetentionRawMailMonths));
        return new(
            e.RowKey,
            e.GetString("Name"),
            JsonSerializer.Deserialize<List<string>>(e.GetString("EmailDomains") ?? "[]") ?? [],
            Enum.Parse<Language>(e.GetString("DefaultLanguage") ?? nameof(Language.Sv)),
            e.GetBoolean("EndUsersSeeOrganisationTickets") ?? false,
            e.GetBoolean("ResolveOnAlertRecovery") ?? false,
            detection.IsEmpty ? null : detection,
            retention.IsEmpty ? null : retention);
    }
}
