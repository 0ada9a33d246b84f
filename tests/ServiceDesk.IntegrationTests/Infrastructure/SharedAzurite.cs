using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.IntegrationTests.Infrastructure;

/// <summary>One real Azurite per test process, on free ports, stopped when the process exits.</summary>
public static class SharedAzurite
{
    private static readonly Lazy<Task<AzuriteProcess>> Instance = new(async () =>
    {
        var azurite = await AzuriteProcess.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return azurite;
    });

    public static Task<AzuriteProcess> GetAsync() => Instance.Value;
}
