using System.Text.Json;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Domain.Tickets;
using static ServiceDesk.Application.Intake.IncidentMessageParser;
using static ServiceDesk.Application.Intake.MessageFields;

namespace ServiceDesk.Application.Intake;

/// <summary>
/// The ServiceDesk incident contract (<c>schemaVersion</c> "1.0", documented by <c>incident-message.schema.json</c>):
/// only the properties of <see cref="IncidentMessageParser.ContractProperties"/>; the field errors are collected and
/// rejected together.
/// </summary>
internal static class ContractMessageParser
{
    public static IncidentMessage Parse(JsonElement root)
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
                errors.Add(Truncate(property.Name, 64), FieldRule.UnknownProperty, "Unknown property: contract 1.0 does not define it.");
            }
        }
        var source = Source(errors, "source", String(errors, root, "source"));
        var sourceId = errors.Text("sourceId", String(errors, root, "sourceId"), SourceIdLength, required: true);
        var customerId = String(errors, root, "customerId");
        if (customerId is null)
        {
            errors.Add("customerId", FieldRule.Required, "'customerId' is required.");
        }
        else if (!CustomerId.IsValid(customerId))
        {
            errors.Add("customerId", FieldRule.Identifier, "Customer ids are 2-63 characters: lower-case letters, digits and '-'.");
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
                errors.Add("severity", FieldRule.NotAllowed, "'severity' must be one of critical, high, medium, low.");
            }
            if (impact is not null || urgency is not null)
            {
                errors.Add("severity", FieldRule.Inconsistent, "Send either 'severity' or 'impact'/'urgency', not both.");
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
            errors.Add("status", FieldRule.Invalid, "'status' must be \"firing\" or \"resolved\".");
        }

        MessageRequester? requester = null;
        if (root.TryGetProperty("requester", out var r) && r.ValueKind != JsonValueKind.Null)
        {
            if (r.ValueKind != JsonValueKind.Object)
            {
                errors.Add("requester", FieldRule.Type, "'requester' must be an object.");
            }
            else
            {
                foreach (var p in r.EnumerateObject().Where(p => p.Name is not ("id" or "name" or "email" or "phone")))
                {
                    errors.Add("requester." + Truncate(p.Name, 64), FieldRule.UnknownProperty, "Unknown property: contract 1.0 does not define it.");
                }
                var name = errors.Text("requester.name", String(errors, r, "name", "requester.name"), Limits.ShortTextLength, required: true);
                var id = errors.Identifier("requester.id", String(errors, r, "id", "requester.id"), required: false);
                var email = errors.Email("requester.email", String(errors, r, "email", "requester.email"), required: false);
                var phone = errors.Text("requester.phone", String(errors, r, "phone", "requester.phone"), Limits.PhoneLength, required: false);
                if (id is null && email is null)
                {
                    errors.Add("requester.id", FieldRule.Required, "Give the requester's 'id' or 'email'.");
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

    private static string? Source(FieldErrors errors, string field, string? value)
    {
        if (value is null)
        {
            errors.Add(field, FieldRule.Required, $"'{field}' is required.");
            return null;
        }
        if (value.Length is 0 or > SourceLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            errors.Add(field, FieldRule.Identifier, $"'{field}' must be 1 to {SourceLength} letters, digits, '.', '-' or '_'.");
            return null;
        }
        return value;
    }
}
