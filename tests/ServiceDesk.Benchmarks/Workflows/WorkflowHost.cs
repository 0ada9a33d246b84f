using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using ServiceDesk.Benchmarks.Harness;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.Benchmarks.Workflows;

/// <summary>The local host the workflow benchmark runs on.</summary>
public static class WorkflowHost
{
    /// <summary>
    /// The app's functions on a free port with development tokens, quick queue retries and polls, and Durable polling
    /// its queues every 250 ms: the settings the end-to-end tests' workflow hosts use (without their sample functions).
    /// Warnings and errors are counted instead of written to the console.
    /// </summary>
    public static LocalHostOptions Options(AzuriteProcess azurite, WarningCounter logged)
    {
        var options = new LocalHostOptions
        {
            HttpPort = FreePorts.Next(),
            UseEnvironmentVariables = false,
            MinimumLogLevel = LogLevel.Warning,
            ConfigureLogging = logging =>
            {
                logging.ClearProviders();
                logging.AddProvider(logged);
            },
        };
        options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        options.Settings["ServiceDesk__Auth__DevelopmentTokens"] = "true";
        options.Settings["ServiceDesk__Auth__DevelopmentSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        options.Settings["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = "3";
        options.Settings["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:00";
        options.Settings["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.500";
        options.Settings["AzureFunctionsJobHost__extensions__durableTask__hubName"] = "BenchHub";
        options.Settings["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.250";
        return options;
    }
}
