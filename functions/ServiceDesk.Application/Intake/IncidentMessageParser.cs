using System.Text.Json;
using ServiceDesk.Domain.Tickets;
using static ServiceDesk.Application.Intake.MessageFields;

namespace ServiceDesk.Application.Intake;

/// <summary>
/// Parses an inbound message in one of the two accepted shapes: the ServiceDesk incident contract
/// (<c>schemaVersion</c> "1.0", documented by <c>incident-message.schema.json</c>) or the Azure Monitor common alert
/// schema (<c>schemaId</c> "azureMonitorCommonAlertSchema"). Anything else is rejected with a reason; nothing here
/// touches storage, so every outcome is permanent.
/// </summary>
public static class IncidentMessageParser
{
    public const string CurrentSchemaVersion = "1.0";
    public const string AzureMonitorSchemaId = "azureMonitorCommonAlertSchema";
    public const string AzureMonitorSource = "azure-monitor";
    public const int SourceLength = 64;
    public const int SourceIdLength = 400;
    public const int CorrelationKeyLength = 400;

    /// <summary>The properties of contract 1.0; any other property is a schema violation (typos must not pass silently).</summary>
    public static readonly IReadOnlySet<string> ContractProperties = new HashSet<string>(StringComparer.Ordinal)
    {
        "schemaVersion", "source", "sourceId", "customerId", "title", "description", "impact", "urgency", "severity",
        "service", "configurationItem", "occurredAt", "correlationKey", "requester", "status",
    };

    /// <summary>The properties contract 1.0 requires.</summary>
    public static readonly IReadOnlyList<string> RequiredProperties = ["schemaVersion", "source", "sourceId", "customerId", "title", "occurredAt"];

    public static IncidentMessage Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new IntakeRejectedException(RejectionReasons.InvalidJson, $"The message is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Violation("The message must be a JSON object.");
            }
            if (root.TryGetProperty("schemaId", out var schemaId))
            {
                return schemaId.ValueKind == JsonValueKind.String && schemaId.GetString() == AzureMonitorSchemaId
                    ? AzureMonitorAlertParser.Parse(root)
                    : throw new IntakeRejectedException(RejectionReasons.UnsupportedSchemaVersion,
                        $"Unknown schemaId; the only accepted one is '{AzureMonitorSchemaId}'.");
            }
            return ContractMessageParser.Parse(root);
        }
    }

    /// <summary>Contract severities as impact × urgency (critical is priority 1, low is priority 4).</summary>
    public static (Impact, Urgency)? Severity(string value) => value.ToLowerInvariant() switch
    {
        "critical" => (Impact.High, Urgency.High),
        "high" => (Impact.High, Urgency.Medium),
        "medium" => (Impact.Medium, Urgency.Medium),
        "low" => (Impact.Low, Urgency.Medium),
        _ => null,
    };
}
