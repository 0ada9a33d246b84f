using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceDesk.Application.Common;

namespace ServiceDesk.Functions.Operations;

/// <summary>Opt-in local exporters (<c>ServiceDesk:Telemetry</c>); Azure Monitor follows <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "ServiceDesk:Telemetry";

    /// <summary>Writes spans and metrics to the console (local runs; the console already has the logs).</summary>
    public bool Console { get; set; }
}

/// <summary>
/// OpenTelemetry for traces, metrics and logs: the app's own source and meter (<see cref="ServiceDeskTelemetry"/>), the
/// Azure SDK's spans (Table, Queue, Blob, Service Bus calls as children of the use case), the local host's invocation
/// spans. Exported to Application Insights only when its connection string is set, authenticated with the app's
/// managed identity (the component refuses keys); locally to the console on request; tests add their own exporter.
/// </summary>
public static class TelemetryRegistration
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The spans the local host starts per invocation (the Functions worker's own source plays that part in Azure).</summary>
    public const string LocalHostSourceName = "ServiceDesk.LocalHost";

    public static IServiceCollection AddServiceDeskTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // Azure SDK clients create Activities from their "Azure.*" sources only with this switch (read once per process).
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));

        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                tracing.AddSource(ServiceDeskTelemetry.SourceName, LocalHostSourceName, "Azure.*");
                tracing.AddProcessor(new StorageUrlRedaction());
                if (options.Console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ServiceDeskTelemetry.SourceName);
                if (options.Console)
                {
                    metrics.AddConsoleExporter();
                }
            })
            .WithLogging();

        if (configuration[ConnectionStringSetting] is { Length: > 0 } connectionString)
        {
            var credential = Credential(configuration);
            telemetry.UseAzureMonitorExporter(monitor =>
            {
                monitor.ConnectionString = connectionString;
                monitor.Credential = credential;
            });
        }
        return services;
    }

    /// <summary>
    /// The identity the Bicep names in <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>ClientId=…;Authorization=AAD</c>),
    /// else <c>AZURE_CLIENT_ID</c>, as a managed identity; without either, <see cref="DefaultAzureCredential"/>.
    /// </summary>
    internal static TokenCredential Credential(IConfiguration configuration)
    {
        var clientId = (configuration[AuthenticationStringSetting] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0].Equals("ClientId", StringComparison.OrdinalIgnoreCase))
            .Select(kv => kv[1])
            .FirstOrDefault() ?? configuration["AZURE_CLIENT_ID"];
        return string.IsNullOrEmpty(clientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
    }
}
