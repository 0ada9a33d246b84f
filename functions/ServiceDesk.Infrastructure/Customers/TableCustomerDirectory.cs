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
/// Customers in one small partition of the Customers table, cached in memory for a short time
/// (<see cref="StorageOptions.CustomerCacheSeconds"/>) because nearly every request needs its customer.
/// </summary>
public sealed class TableCustomerDirectory(Tables tables, IOptions<StorageOptions> options, TimeProvider time) : ICustomerDirectory
{
    private const string PartitionKey = "customer";
    private readonly ConcurrentDictionary<string, (Customer? Customer, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public async Task<Customer?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(id, out var cached) && cached.Expires > now)
        {
            return cached.Customer;
        }
        var client = await tables.GetAsync(tables.Names.Customers);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(PartitionKey, id, cancellationToken: cancellationToken);
        var customer = response.HasValue ? ToCustomer(response.Value!) : null;
        _cache[id] = (customer, now.AddSeconds(options.Value.CustomerCacheSeconds));
        return customer;
    }

    public async Task<IReadOnlyList<Customer>> ListAsync(CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.Customers);
        var list = new List<Customer>();
        await foreach (var e in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {PartitionKey}"), cancellationToken: cancellationToken))
        {
            list.Add(ToCustomer(e));
        }
        return list;
    }

    public async Task UpsertAsync(Customer customer, CancellationToken cancellationToken)
    {
        var client = await tables.GetAsync(tables.Names.Customers);
        await client.UpsertEntityAsync(new TableEntity(PartitionKey, customer.Id)
        {
            ["Name"] = customer.Name,
            ["EmailDomains"] = JsonSerializer.Serialize(customer.EmailDomains),
            ["DefaultLanguage"] = customer.DefaultLanguage.ToString(),
            ["EndUsersSeeOrganisationTickets"] = customer.EndUsersSeeOrganisationTickets,
            ["ResolveOnAlertRecovery"] = customer.ResolveOnAlertRecovery,
        }, TableUpdateMode.Replace, cancellationToken);
        _cache[customer.Id] = (customer, time.GetUtcNow().AddSeconds(options.Value.CustomerCacheSeconds));
    }

    private static Customer ToCustomer(TableEntity e) => new(
        e.RowKey,
        e.GetString("Name"),
        JsonSerializer.Deserialize<List<string>>(e.GetString("EmailDomains") ?? "[]") ?? [],
        Enum.Parse<Language>(e.GetString("DefaultLanguage") ?? nameof(Language.Sv)),
        e.GetBoolean("EndUsersSeeOrganisationTickets") ?? false,
        e.GetBoolean("ResolveOnAlertRecovery") ?? false);
}
