using Microsoft.Extensions.Configuration;

namespace ServiceDesk.LocalHost.Configuration;

/// <summary>Resolves a binding's <c>Connection</c> property to a connection string, as the Functions host does.</summary>
public static class StorageConnections
{
    public const string DefaultSetting = "AzureWebJobsStorage";

    public static string Resolve(string? connection, IConfiguration configuration)
    {
        var name = string.IsNullOrEmpty(connection) ? DefaultSetting : connection;
        var value = configuration[name] ?? configuration["AzureWebJobs" + name] ?? configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidOperationException(
                $"The storage connection setting '{name}' is not set (identity-based connections are not supported by the local host).");
        }
        return value;
    }
}
