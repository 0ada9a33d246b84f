using System.Text.Json;

namespace ServiceDesk.Benchmarks.Intake;

/// <summary>A contract 1.0 "firing" message, as the integration tests' IntakeMessages.Firing writes it.</summary>
public static class IntakeMessages
{
    public static string Firing(string customerId, string sourceId, string title) =>
        JsonSerializer.Serialize(new
        {
            schemaVersion = "1.0",
            source = "zabbix-prod",
            sourceId,
            customerId,
            title,
            description = "Free space on D: is below 5 %.",
            severity = "high",
            service = "File storage",
            occurredAt = DateTimeOffset.UtcNow.ToString("O"),
            status = "firing",
        });
}
