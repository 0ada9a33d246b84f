using System.Globalization;
using System.Text.Json;
using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.Intake;

/// <summary>
/// Reading and checking the fields of an inbound message, shared by the parsers of <see cref="IncidentMessageParser"/>:
/// wrong types and formats are collected in <see cref="FieldErrors"/>, and <see cref="ThrowIfAny"/> turns them into
/// one permanent schema violation.
/// </summary>
internal static class MessageFields
{
    public static string? String(FieldErrors errors, JsonElement element, string name, string? path = null)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path ?? name, FieldRule.Type, $"'{path ?? name}' must be a string.");
            return null;
        }
        return value.GetString();
    }

    public static DateTimeOffset? Timestamp(FieldErrors errors, string field, string? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(field, FieldRule.Required, $"'{field}' is required (RFC 3339, e.g. 2025-11-20T08:15:00Z).");
            }
            return null;
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            && value.Contains('T', StringComparison.Ordinal))
        {
            return parsed;
        }
        errors.Add(field, FieldRule.Date, $"'{field}' must be an RFC 3339 date-time, e.g. 2025-11-20T08:15:00Z.");
        return null;
    }

    public static void ThrowIfAny(FieldErrors errors)
    {
        try
        {
            errors.ThrowIfAny();
        }
        catch (ValidationException e)
        {
            var detail = string.Join(" ", e.Errors.SelectMany(kv => kv.Value.Select(m => $"{kv.Key}: {m}")));
            throw Violation(Truncate(detail, 4000));
        }
    }

    public static IntakeRejectedException Violation(string detail) => new(RejectionReasons.SchemaViolation, detail);

    public static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
