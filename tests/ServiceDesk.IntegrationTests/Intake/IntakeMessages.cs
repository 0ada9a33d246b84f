using System.Text.Json;

namespace ServiceDesk.IntegrationTests.Intake;

/// <summary>Contract 1.0 messages for the intake tests.</summary>
public static class IntakeMessages
{
    public static string Firing(string customerId, string sourceId, string title = "Disk almost full on fileserver01",
        string? correlationKey = null, string source = "zabbix-prod", string status = "firing") =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["schemaVersion"] = "1.0",
            ["source"] = source,
            ["sourceId"] = sourceId,
            ["customerId"] = customerId,
            ["title"] = title,
            ["description"] = "Free space on D: is below 5 %.",
            ["severity"] = "high",
            ["service"] = "File storage",
            ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
            ["correlationKey"] = correlationKey,
            ["status"] = status,
        }.Where(kv => kv.Value is not null).ToDictionary());

    public static string Resolved(string customerId, string sourceId, string title = "Disk almost full on fileserver01", string? correlationKey = null) =>
        Firing(customerId, sourceId, title, correlationKey, status: "resolved");
}
