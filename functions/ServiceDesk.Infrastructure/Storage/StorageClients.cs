using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace ServiceDesk.Infrastructure.Storage;

/// <summary>
/// Builds storage clients from the same settings the Functions host reads: <c>AzureWebJobsStorage</c> as a
/// connection string locally (Azurite), or identity-based in Azure (<c>AzureWebJobsStorage__tableServiceUri</c>,
/// <c>__queueServiceUri</c>, <c>__blobServiceUri</c> or <c>__accountName</c>, with <c>__credential=managedidentity</c> and <c>__clientId</c>).
/// </summary>
public static class StorageClients
{
    public const string ConnectionName = "AzureWebJobsStorage";

    public static TableServiceClient CreateTableServiceClient(IConfiguration configuration, HttpPipelinePolicyHolder? policy = null)
    {
        var options = new TableClientOptions();
        BoundRetries(options, configuration);
        if (policy?.Policy is { } p)
        {
            options.AddPolicy(p, Azure.Core.HttpPipelinePosition.PerRetry);
        }
        var section = configuration.GetSection(ConnectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new TableServiceClient(section.Value, options);
        }
        var uri = section["tableServiceUri"] ?? AccountUri(section, "table");
        return new TableServiceClient(new Uri(uri), Credential(section), options);
    }

    /// <summary>Base64 by default, as the Functions queue trigger expects; <see cref="QueueMessageEncoding.None"/> for raw access.</summary>
    public static QueueServiceClient CreateQueueServiceClient(IConfiguration configuration, QueueMessageEncoding encoding = QueueMessageEncoding.Base64)
    {
        var options = new QueueClientOptions { MessageEncoding = encoding };
        BoundRetries(options, configuration);
        var section = configuration.GetSection(ConnectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new QueueServiceClient(section.Value, options);
        }
        var uri = section["queueServiceUri"] ?? AccountUri(section, "queue");
        return new QueueServiceClient(new Uri(uri), Credential(section), options);
    }

    public static BlobServiceClient CreateBlobServiceClient(IConfiguration configuration)
    {
        var section = configuration.GetSection(ConnectionName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new BlobServiceClient(section.Value);
        }
        var uri = section["blobServiceUri"] ?? AccountUri(section, "blob");
        return new BlobServiceClient(new Uri(uri), Credential(section));
    }

    /// <summary>
    /// Retries of table and queue calls, bounded so that a request whose storage is down or stalled fails (503) in
    /// about (MaxRetries + 1) × NetworkTimeout plus a few seconds of backoff: the SDK default waits 100 s per try on a
    /// connection that accepts and never answers. A refused connection fails in about 1.2 s (backoff 0.4 s, 0.8 s).
    /// </summary>
    internal static void BoundRetries(ClientOptions options, IConfiguration configuration)
    {
        // Read here, not through IOptions: the clients are built before the options pipeline (and by tools without DI).
        var defaults = new StorageOptions();
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? defaults;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = storage.MaxRetries is >= 0 and <= 10 ? storage.MaxRetries : defaults.MaxRetries;
        options.Retry.Delay = TimeSpan.FromSeconds(0.4);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(
            storage.NetworkTimeoutSeconds is >= 1 and <= 300 ? storage.NetworkTimeoutSeconds : defaults.NetworkTimeoutSeconds);
    }

    private static string AccountUri(IConfigurationSection section, string service)
    {
        var account = section["accountName"];
        if (string.IsNullOrWhiteSpace(account))
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{ConnectionName}' to a connection string (locally) or " +
                $"'{ConnectionName}__{service}ServiceUri' / '{ConnectionName}__accountName' with a managed identity (in Azure).");
        }
        return $"https://{account}.{service}.core.windows.net";
    }

    private static TokenCredential Credential(IConfigurationSection section)
    {
        var clientId = section["clientId"];
        return string.Equals(section["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase)
            ? new ManagedIdentityCredential(string.IsNullOrEmpty(clientId) ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
    }
}

/// <summary>An optional pipeline policy (the request counter) to add to storage clients.</summary>
public sealed record HttpPipelinePolicyHolder(Azure.Core.Pipeline.HttpPipelinePolicy? Policy);
