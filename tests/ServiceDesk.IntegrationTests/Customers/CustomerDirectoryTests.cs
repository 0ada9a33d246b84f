using ServiceDesk.Application.Customers;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Infrastructure.Storage;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Customers;

/// <summary>The customer list that timer jobs and mail ingestion ask for on every run is served from memory.</summary>
public sealed class CustomerDirectoryTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await TestApp.StartAsync(s => s["ServiceDesk:Storage:CustomerCacheSeconds"] = "1");

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static Customer Customer(string id) => new(id, id.ToUpperInvariant(), [id + ".se"], Language.Sv, false);

    [Fact]
    public async Task The_list_is_read_once_then_served_from_memory_with_own_writes_at_once_and_others_after_the_cache_time()
    {
        var directory = _app.Get<ICustomerDirectory>();
        var counter = _app.Get<StorageRequestCounter>();
        await directory.UpsertAsync(Customer("contoso"), CancellationToken.None);

        var before = counter.Count;
        var first = await directory.ListAsync(CancellationToken.None);
        var firstRequests = counter.Count - before;
        before = counter.Count;
        var second = await directory.ListAsync(CancellationToken.None);

        Assert.Equal(["contoso"], first.Select(c => c.Id));
        Assert.True(firstRequests >= 1);
        Assert.Equal(0, counter.Count - before);
        Assert.Equal(["contoso"], second.Select(c => c.Id));

        // A write through this instance is listed at once, without reading the table.
        await directory.UpsertAsync(Customer("fabrikam"), CancellationToken.None);
        before = counter.Count;
        Assert.Equal(["contoso", "fabrikam"], (await directory.ListAsync(CancellationToken.None)).Select(c => c.Id));
        Assert.Equal(0, counter.Count - before);

        // A write by another instance is listed once the cache time (1 s here) has passed and a refresh has run.
        await using var other = await TestApp.StartAsync(s => s["ServiceDesk:Storage:TablePrefix"] = _app.TablePrefix);
        await other.Get<ICustomerDirectory>().UpsertAsync(Customer("northwind"), CancellationToken.None);
        Assert.DoesNotContain("northwind", (await directory.ListAsync(CancellationToken.None)).Select(c => c.Id));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        IReadOnlyList<Customer> listed;
        do
        {
            await Task.Delay(200);
            listed = await directory.ListAsync(CancellationToken.None);
        }
        while (!listed.Any(c => c.Id == "northwind") && DateTime.UtcNow < deadline);
        Assert.Equal(["contoso", "fabrikam", "northwind"], listed.Select(c => c.Id));
    }
}
