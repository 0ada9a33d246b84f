using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.EndToEndTests.Infrastructure;

/// <summary>
/// Options for a local host on a free port against a test's own Azurite, with the functions of the test assembly
/// loaded too (the sample functions, in ServiceDesk.LocalHost.Tests, which links this file).
/// </summary>
public static class TestHosts
{
    public const int MaxDequeueCount = 3;

    public static LocalHostOptions Options(AzuriteProcess azurite, string hubName, string timerSchedule, int? port = null)
    {
        var options = new LocalHostOptions
        {
            HttpPort = port ?? FreePorts.Next(),
            UseEnvironmentVariables = false,
            MinimumLogLevel = LogLevel.Warning,
        };
        options.FunctionAssemblies.Add(typeof(TestHosts).Assembly);
        options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        options.Settings["ServiceDesk__Auth__DevelopmentTokens"] = "true";
        options.Settings["ServiceDesk__Auth__DevelopmentSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        options.Settings["SampleTimerSchedule"] = timerSchedule;
        // host.json overrides through app settings, as the real host reads them: quick retries and a short poll.
        options.Settings["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = MaxDequeueCount.ToString();
        options.Settings["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00";
        options.Settings["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500";
        options.Settings["AzureFunctionsJobHost__extensions__durableTask__hubName"] = hubName;
        return options;
    }

    /// <summary>A timer schedule that never fires during a test run (1 January, midnight).</summary>
    public const string NeverDuringTests = "0 0 0 1 1 *";
}
