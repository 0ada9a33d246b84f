using System.Text.Json;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
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
                    ? ParseAzureMonitor(root)
                    : throw new IntakeRejectedException(RejectionReasons.UnsupportedSchemaVersion,
                        $"Unknown schemaId; the only accepted one is '{AzureMonitorSchemaId}'.");
            }
            return ParseContract(root);
        }
    }

    private static IncidentMessage ParseContract(JsonElement root)
    {
        var version = root.TryGetProperty("schemaVersion", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (version is null)
        {
            throw Violation("'schemaVersion' is required (a string, \"1.0\").");
        }
        if (version is not (CurrentSchemaVersion or "1"))
        {
            throw new IntakeRejectedException(RejectionReasons.UnsupportedSchemaVersion,
                $"schemaVersion '{Truncate(version, 20)}' is not supported; this service accepts \"{CurrentSchemaVersion}\".");
        }
        var errors = new FieldErrors();
        foreach (var property in root.EnumerateObject())
        {
            if (!ContractProperties.Contains(property.Name))
            {
                errors.Add(Truncate(property.Name, 64), "Unknown property: contract 1.0 does not define it.");
            }
        }
        var source = Source(errors, "source", String(errors, root, "source"));
        var sourceId = errors.Text("sourceId", String(errors, root, "sourceId"), SourceIdLength, required: true);
        var customerId = String(errors, root, "customerId");
        if (customerId is null)
        {
            errors.Add("customerId", "'customerId' is required.");
        }
        else if (!CustomerId.IsValid(customerId))
        {
            errors.Add("customerId", "Customer ids are 2-63 characters: lower-case letters, digits and '-'.");
        }
        var title = errors.Text("title", String(errors, root, "title"), Limits.TitleLength, required: true);
        var description = errors.Text("description", String(errors, root, "description"), Limits.DescriptionLength, required: false);
        var service = errors.Text("service", String(errors, root, "service"), Limits.ShortTextLength, required: false);
        var ci = errors.Text("configurationItem", String(errors, root, "configurationItem"), Limits.ShortTextLength, required: false);
        var correlationKey = errors.Text("correlationKey", String(errors, root, "correlationKey"), CorrelationKeyLength, required: false);
        var occurredAt = Timestamp(errors, "occurredAt", String(errors, root, "occurredAt"), required: true);

        var impact = errors.Enum<Impact>("impact", String(errors, root, "impact"), required: false);
        var urgency = errors.Enum<Urgency>("urgency", String(errors, root, "urgency"), required: false);
        var severityText = String(errors, root, "severity");
        (Impact, Urgency)? severity = null;
        if (severityText is not null)
        {
            severity = Severity(severityText);
            if (severity is null)
            {
                errors.Add("severity", "'severity' must be one of critical, high, medium, low.");
            }
            if (impact is not null || urgency is not null)
            {
                errors.Add("severity", "Send either 'severity' or 'impact'/'urgency', not both.");
            }
        }

        var statusText = String(errors, root, "status");
        var status = statusText switch
        {
            null or "firing" => AlertStatus.Firing,
            "resolved" => AlertStatus.Resolved,
            _ => (AlertStatus?)null,
        };
        if (status is null)
        {
            errors.Add("status", "'status' must be \"firing\" or \"resolved\".");
        }

        MessageRequester? requester = null;
        if (root.TryGetProperty("requester", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.Object)
            {
                errors.Add("requester", "'requester' must be an object.");
            }
            else
            {
                foreach (var p in r.EnumerateObject().Where(p => p.Name is not ("id" or "name" or "email" or "phone")))
                {
                    errors.Add("requester." + Truncate(p.Name, 64), "Unknown property: contract 1.0 does not define it.");
                }
                var name = errors.Text("requester.name", String(errors, r, "name", "requester.name"), Limits.ShortTextLength, required: true);
                var id = errors.Identifier("requester.id", String(errors, r, "id", "requester.id"), required: false);
                var email = errors.Email("requester.email", String(errors, r, "email", "requester.email"), required: false);
                var phone = errors.Text("requester.phone", String(errors, r, "phone", "requester.phone"), Limits.PhoneLength, required: false);
                if (id is null && email is null)
                {
                    errors.Add("requester.id", "Give the requester's 'id' or 'email'.");
                }
                requester = name is null ? null : new MessageRequester(id, name, email, phone);
            }
        }
        ThrowIfAny(errors);
        var (i, u) = severity ?? (impact ?? Impact.Medium, urgency ?? Urgency.Medium);
        return new IncidentMessage
        {
            SchemaVersion = CurrentSchemaVersion,
            Source = source!,
            SourceId = sourceId!,
            CustomerId = customerId!,
            Title = title!,
            Description = description,
            Impact = i,
            Urgency = u,
            Service = service,
            ConfigurationItem = ci,
            OccurredAt = occurredAt!.Value,
            CorrelationKey = correlationKey,
            Requester = requester,
            Status = status!.Value,
        };
    }

    /// <summary>
    /// The Azure Monitor common alert schema. The customer comes from the custom property <c>customerId</c> (set it on
    /// the alert rule or action group); firing and resolved notifications of one rule and target set correlate.
    /// </summary>
    private static IncidentMessage ParseAzureMonitor(JsonElement root)
    {
        var errors = new FieldErrors();
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
            !data.TryGetProperty("essentials", out var essentials) || essentials.ValueKind != JsonValueKind.Object)
        {
            throw Violation("An Azure Monitor alert needs 'data.essentials'.");
        }
        var alertId = errors.Text("data.essentials.alertId", String(errors, essentials, "alertId", "data.essentials.alertId"), SourceIdLength - 10, required: true);
        var rule = errors.Text("data.essentials.alertRule", String(errors, essentials, "alertRule", "data.essentials.alertRule"), Limits.TitleLength, required: true);
        var condition = String(errors, essentials, "monitorCondition", "data.essentials.monitorCondition");
        var status = condition switch
        {
            "Fired" => AlertStatus.Firing,
            "Resolved" => AlertStatus.Resolved,
            _ => (AlertStatus?)null,
        };
        if (status is null)
        {
            errors.Add("data.essentials.monitorCondition", "'monitorCondition' must be \"Fired\" or \"Resolved\".");
        }
        var severityText = String(errors, essentials, "severity", "data.essentials.severity");
        (Impact, Urgency)? severity = severityText switch
        {
            "Sev0" => (Impact.High, Urgency.High),
            "Sev1" => (Impact.High, Urgency.Medium),
            "Sev2" => (Impact.Medium, Urgency.Medium),
            "Sev3" => (Impact.Medium, Urgency.Low),
            "Sev4" => (Impact.Low, Urgency.Low),
            _ => null,
        };
        if (severity is null)
        {
            errors.Add("data.essentials.severity", "'severity' must be Sev0 to Sev4.");
        }
        var fired = Timestamp(errors, "data.essentials.firedDateTime", String(errors, essentials, "firedDateTime", "data.essentials.firedDateTime"), required: true);
        var resolved = Timestamp(errors, "data.essentials.resolvedDateTime", String(errors, essentials, "resolvedDateTime", "data.essentials.resolvedDateTime"), required: false);
        var description = String(errors, essentials, "description", "data.essentials.description");
        var signal = String(errors, essentials, "signalType", "data.essentials.signalType");
        var monitoringService = String(errors, essentials, "monitoringService", "data.essentials.monitoringService");
        var targets = Strings(essentials, "alertTargetIDs");
        var items = Strings(essentials, "configurationItems");

        string? customerId = null, service = null;
        if (data.TryGetProperty("customProperties", out var custom) && custom.ValueKind == JsonValueKind.Object)
        {
            customerId = String(errors, custom, "customerId", "data.customProperties.customerId");
            service = errors.Text("data.customProperties.service", String(errors, custom, "service", "data.customProperties.service"), Limits.ShortTextLength, required: false);
        }
        if (customerId is null)
        {
            errors.Add("data.customProperties.customerId", "Set the custom property 'customerId' on the alert rule or action group: it names the ServiceDesk customer.");
        }
        else if (!CustomerId.IsValid(customerId))
        {
            errors.Add("data.customProperties.customerId", "Customer ids are 2-63 characters: lower-case letters, digits and '-'.");
        }
        ThrowIfAny(errors);

        var title = items.Count > 0 ? $"{rule} on {string.Join(", ", items)}" : rule!;
        var details = $"Azure Monitor alert '{rule}' ({severityText}, {signal ?? "unknown signal"}, {monitoringService ?? "unknown service"}).";
        if (targets.Count > 0)
        {
            details += "\nTargets: " + string.Join(", ", targets);
        }
        var text = string.IsNullOrWhiteSpace(description) ? details : description.Trim() + "\n\n" + details;
        var signature = string.Join(",", targets.Select(t => t.ToLowerInvariant()).Order(StringComparer.Ordinal));
        return new IncidentMessage
        {
            SchemaVersion = AzureMonitorSchemaId,
            Source = AzureMonitorSource,
            SourceId = $"{alertId}|{condition}",
            CustomerId = customerId!,
            Title = Truncate(title, Limits.TitleLength),
            Description = Truncate(text, Limits.DescriptionLength),
            Impact = severity!.Value.Item1,
            Urgency = severity.Value.Item2,
            Service = service,
            ConfigurationItem = items.Count > 0 ? Truncate(items[0], Limits.ShortTextLength) : null,
            OccurredAt = status == AlertStatus.Resolved ? resolved ?? fired!.Value : fired!.Value,
            CorrelationKey = Truncate($"{AzureMonitorSource}|{rule}|{signature}", CorrelationKeyLength),
            Status = status!.Value,
        };
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

    private static string? Source(FieldErrors errors, string field, string? value)
    {
        if (value is null)
        {
            errors.Add(field, $"'{field}' is required.");
            return null;
        }
        if (value.Length is 0 or > SourceLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            errors.Add(field, $"'{field}' must be 1 to {SourceLength} letters, digits, '.', '-' or '_'.");
            return null;
        }
        return value;
    }

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
                .Where(s => s.Length > 0).Take(20).ToList()
            : [];
}
