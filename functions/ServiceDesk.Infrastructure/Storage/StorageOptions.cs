namespace ServiceDesk.Infrastructure.Storage;

public sealed class StorageOptions
{
    public const string SectionName = "ServiceDesk:Storage";

    /// <summary>Prepended to every table name (letters and digits); lets tests and several deployments share one account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>How long customer records are cached in memory, in seconds.</summary>
    public int CustomerCacheSeconds { get; set; } = 30;

    /// <summary>How long one try of a table or queue call waits for storage to answer, in seconds (1-300; the SDK default is 100).</summary>
    public int NetworkTimeoutSeconds { get; set; } = 10;

    /// <summary>Retries of a failed table or queue call (0-10), exponential from 0.4 s.</summary>
    public int MaxRetries { get; set; } = 2;
}
