using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.EndToEndTests.Infrastructure;

/// <summary>
/// One Azurite on free ports and one local host (all functions of the app plus those of the test assembly: the
/// sample functions in ServiceDesk.LocalHost.Tests, none in ServiceDesk.EndToEndTests) shared by a collection.
/// Compiled into both projects (ServiceDesk.LocalHost.Tests links this folder).
/// </summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    public AzuriteProcess Azurite { get; private set; } = null!;
    public LocalFunctionsHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartAsync();
        Host = await LocalFunctionsHost.StartAsync(TestHosts.Options(Azurite, "E2EHub", timerSchedule: "*/1 * * * * *"));
        Client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Host is not null) await Host.StopAsync();
        if (Azurite is not null) await Azurite.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class LocalHostCollection : ICollectionFixture<LocalHostFixture>
{
    public const string Name = "local host";
}
