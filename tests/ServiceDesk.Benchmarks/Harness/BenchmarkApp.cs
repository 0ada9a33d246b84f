using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Customers;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Functions;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.Benchmarks.Harness;

/// <summary>
/// The app's real composition (<see cref="ServiceDeskRegistration.AddServiceDesk"/>) over a fresh Azurite of its own,
/// with a fresh table prefix, as the integration tests build it: what the intake, mail and problem benchmarks drive.
/// </summary>
public sealed class BenchmarkApp : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly AzuriteProcess _azurite;

    private BenchmarkApp(ServiceProvider services, AzuriteProcess azurite, string prefix)
    {
        _services = services;
        _azurite = azurite;
        TablePrefix = prefix;
    }

    public string TablePrefix { get; }
    public string ConnectionString => _azurite.ConnectionString;

    /// <param name="inMemoryAzurite">Start Azurite with --inMemoryPersistence (no database file rewritten every 5 s).</param>
    /// <param name="overrides">Registrations made before the app's own (which keep them).</param>
    public static async Task<BenchmarkApp> StartAsync(bool inMemoryAzurite = false, Action<IServiceCollection>? overrides = null)
    {
        var azurite = await AzuriteProcess.StartAsync(inMemory: inMemoryAzurite);
        var prefix = "b" + Guid.NewGuid().ToString("N")[..12];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["ServiceDesk:Storage:TablePrefix"] = prefix,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        overrides?.Invoke(services);
        services.AddServiceDesk(configuration);
        return new BenchmarkApp(services.BuildServiceProvider(), azurite, prefix);
    }

    public T Get<T>() where T : notnull => ActivatorUtilities.GetServiceOrCreateInstance<T>(_services);

    /// <summary>A customer with the e-mail domain <c>{id}.se</c>, Swedish by default.</summary>
    public async Task SeedCustomerAsync(string id) =>
        await Get<ICustomerDirectory>().UpsertAsync(
            new Customer(id, id.ToUpperInvariant(), [id + ".se"], Language.Sv, false), CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
