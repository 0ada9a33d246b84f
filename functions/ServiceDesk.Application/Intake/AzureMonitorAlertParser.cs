using System.Text.Json;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Domain.Tickets;
using static ServiceDesk.Application.Intake.MessageFields;

namespace ServiceDesk.Application.Intake;

/// <summary>
/// The Azure Monitor common alert schema. The customer comes from the custom property <c>customerId</c> (set it on
/// the alert rule or action group); firing and resolved notifications of one rule and target set correlate.
/// </summary>
internal static class AzureMonitorAlertParser
{
    public static IncidentMessage Parse(JsonElement root)
    {
        var errors = new FieldErrors();
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
            !data.TryGetProperty("essentials", out var essentials) || essentials.ValueKind != JsonValueKind.Object)
        {
            throw Violation("An Azure Monitor alert needs 'data.essentials'.");
        }
        var alertId = errors.Text("data.essentials.alertId", String(errors, essentials, "alertId", "data.essentials.alertId"), IncidentMessageParser.SourceIdLength - 10, required: true);
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
            errors.Add("data.essentials.monitorCondition", FieldRule.Invalid, "'monitorCondition' must be \"Fired\" or \"Resolved\".");
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
            errors.Add("data.essentials.severity", FieldRule.NotAllowed, "'severity' must be Sev0 to Sev4.");
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
            errors.Add("data.customProperties.customerId", FieldRule.Invalid, "Set the custom property 'customerId' on the alert rule or action group: it names the ServiceDesk customer.");
        }
        else if (!CustomerId.IsValid(customerId))
        {
            errors.Add("data.customProperties.customerId", FieldRule.Identifier, "Customer ids are 2-63 characters: lower-case letters, digits and '-'.");
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
            SchemaVersion = IncidentMessageParser.AzureMonitorSchemaId,
            Source = IncidentMessageParser.AzureMonitorSource,
            SourceId = $"{alertId}|{condition}",
            CustomerId = customerId!,
            Title = Truncate(title, Limits.TitleLength),
            Description = Truncate(text, Limits.DescriptionLength),
            Impact = severity!.Value.Item1,
            Urgency = severity.Value.Item2,
            Service = service,
            ConfigurationItem = items.Count > 0 ? Truncate(items[0], Limits.ShortTextLength) : null,
            OccurredAt = status == AlertStatus.Resolved ? resolved ?? fired!.Value : fired!.Value,
            CorrelationKey = Truncate($"{IncidentMessageParser.AzureMonitorSource}|{rule}|{signature}", IncidentMessageParser.CorrelationKeyLength),
            Status = status!.Value,
        };
    }

    private static List<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
                .Where(s => s.Length > 0).Take(20).ToList()
            : [];
}
