using Azure;
using Azure.Data.Tables;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Infrastructure.Workflows;

/// <summary>One partition per customer: rows <c>item:{id}</c>, <c>user:{id}</c> and <c>vendor:{id}</c>, each a JSON document.</summary>
public sealed class TableCatalogStore(WorkflowTables tables) : ICatalogStore, IVendorRegistry
{
    public Task<CatalogItem?> FindItemAsync(string customerId, string itemId, CancellationToken ct) => FindAsync<CatalogItem>(customerId, "item:" + itemId, ct);
    public Task<IReadOnlyList<CatalogItem>> ListItemsAsync(string customerId, CancellationToken ct) => ListAsync<CatalogItem>(customerId, "item:", ct);
    public Task UpsertItemAsync(CatalogItem item, CancellationToken ct) => UpsertAsync(item.CustomerId, "item:" + item.Id, item, ct);
    public Task<CustomerUser?> FindUserAsync(string customerId, string userId, CancellationToken ct) => FindAsync<CustomerUser>(customerId, "user:" + userId, ct);
    public Task<IReadOnlyList<CustomerUser>> ListUsersAsync(string customerId, CancellationToken ct) => ListAsync<CustomerUser>(customerId, "user:", ct);
    public Task UpsertUserAsync(CustomerUser user, CancellationToken ct) => UpsertAsync(user.CustomerId, "user:" + user.Id, user, ct);
    public Task<Vendor?> FindVendorAsync(string customerId, string vendorId, CancellationToken ct) => FindAsync<Vendor>(customerId, "vendor:" + vendorId, ct);
    public Task<IReadOnlyList<Vendor>> ListVendorsAsync(string customerId, CancellationToken ct) => ListAsync<Vendor>(customerId, "vendor:", ct);
    public Task UpsertVendorAsync(Vendor vendor, CancellationToken ct) => UpsertAsync(vendor.CustomerId, "vendor:" + vendor.Id, vendor, ct);

    public async Task<CustomerUser?> FindUserByEmailAsync(string customerId, string email, CancellationToken ct) =>
        (await ListUsersAsync(customerId, ct)).FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));

    private async Task<T?> FindAsync<T>(string pk, string rk, CancellationToken ct) where T : class
    {
        var client = await tables.GetAsync(tables.Catalog);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(pk, rk, cancellationToken: ct);
        return response.HasValue ? WorkflowJson.Read<T>(response.Value!.GetString("Data")) : null;
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string pk, string prefix, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Catalog);
        var list = new List<T>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {pk} and RowKey ge {prefix} and RowKey lt {prefix + '\uffff'}");
        await foreach (var e in client.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            list.Add(WorkflowJson.Read<T>(e.GetString("Data")));
        }
        return list;
    }

    private async Task UpsertAsync<T>(string pk, string rk, T value, CancellationToken ct)
    {
        var client = await tables.GetAsync(tables.Catalog);
        await client.UpsertEntityAsync(new TableEntity(pk, rk) { ["Data"] = WorkflowJson.Write(value) }, TableUpdateMode.Replace, ct);
    }
}
