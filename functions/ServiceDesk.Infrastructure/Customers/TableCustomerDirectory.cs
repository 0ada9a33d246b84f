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

    public async Task<IReadOnlyList<Customer>> ListAsync(CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.Customers);
        var list = new List<Customer>();
        await foreach (var e in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey}"), cancellationToken: cancellationToken))
        {
            var customer = ToCustomer(e);
            Remember(customer.Id, customer);
            list.Add(customer);
        }
        return list;
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
        await client.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        Remember(customer.Id, customer);
    }

    private const string VolumeMinIncidents = "ProblemVolumeMinIncidents";
    private const string VolumeWindowHours = "ProblemVolumeWindowHours";
    private const string SimilarityMinIncidents = "ProblemSimilarityMinIncidents";

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
        return new(
            e.RowKey,
            e.GetString("Name"),
            JsonSerializer.Deserialize<List<string>>(e.GetString("EmailDomains") ?? "[]") ?? [],
            Enum.Parse<Language>(e.GetString("DefaultLanguage") ?? nameof(Language.Sv)),
            e.GetBoolean("EndUsersSeeOrganisationTickets") ?? false,
            e.GetBoolean("ResolveOnAlertRecovery") ?? false,
            detection.IsEmpty ? null : detection);
    }
}
