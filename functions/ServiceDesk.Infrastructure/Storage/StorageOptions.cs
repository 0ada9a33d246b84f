namespace ServiceDesk.Infrastructure.Storage;

public sealed class StorageOptions
{
    public const string SectionName = "ServiceDesk:Storage";

    /// <summary>Prepended to every table name (letters and digits); lets tests and several deployments share one account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>How long customer records are cached in memory, in seconds.</summary>
    public int CustomerCacheSeconds { get; set; } = 30;
}
