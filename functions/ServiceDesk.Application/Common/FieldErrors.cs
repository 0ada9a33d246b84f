using System.Globalization;
using System.Net.Mail;

namespace ServiceDesk.Application.Common;

/// <summary>Collects field-level validation messages while parsing input; throws them all at once.</summary>
public sealed class FieldErrors
{
    private readonly List<FieldError> _errors = [];

    public bool Any => _errors.Count > 0;

    /// <summary>Records an error: the field's path, the rule it broke (its code), the English message, the rule's values.</summary>
    public void Add(string field, FieldRule rule, string message, IReadOnlyDictionary<string, object>? args = null) =>
        _errors.Add(new FieldError(field, rule, message, args));

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationException(_errors);
        }
    }

    /// <summary>The values a rule's text needs, e.g. <c>Args(("max", 200))</c>.</summary>
    public static IReadOnlyDictionary<string, object> Args(params (string Name, object Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);

    /// <summary>Trims; returns null (and records an error when required) for missing text; checks the length.</summary>
    public string? Text(string field, string? value, int maxLength, bool required)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                Add(field, FieldRule.Required, $"'{field}' is required.");
            }
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            Add(field, FieldRule.TooLong, $"'{field}' must be at most {maxLength} characters (got {trimmed.Length}).", Args(("max", maxLength)));
            return null;
        }
        if (trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            Add(field, FieldRule.ControlCharacters, $"'{field}' contains control characters.");
            return null;
        }
        return trimmed;
    }

    /// <summary>Parses an enum name case-insensitively; numbers are refused so that only documented names are accepted.</summary>
    public TEnum? Enum<TEnum>(string field, string? value, bool required) where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                Add(field, FieldRule.Required, $"'{field}' is required. Allowed: {Allowed<TEnum>()}.", Args(("allowed", Allowed<TEnum>())));
            }
            return null;
        }
        if (!value.Any(char.IsDigit) && System.Enum.TryParse<TEnum>(value.Trim(), ignoreCase: true, out var parsed))
        {
            return parsed;
        }
        Add(field, FieldRule.NotAllowed, $"'{value}' is not a valid {field}. Allowed: {Allowed<TEnum>()}.", Args(("allowed", Allowed<TEnum>())));
        return null;
    }

    public string? Email(string field, string? value, bool required)
    {
        var text = Text(field, value, Limits.EmailLength, required);
        if (text is null)
        {
            return null;
        }
        if (!MailAddress.TryCreate(text, out var address) || address.Address != text || !text.Contains('.', StringComparison.Ordinal))
        {
            Add(field, FieldRule.Email, $"'{field}' is not a valid email address.");
            return null;
        }
        return text.ToLowerInvariant();
    }

    /// <summary>Identifiers that also appear in storage keys and URLs: letters, digits, '-', '_', '.', '@'.</summary>
    public string? Identifier(string field, string? value, bool required, int maxLength = Limits.ShortTextLength)
    {
        var text = Text(field, value, maxLength, required);
        if (text is null)
        {
            return null;
        }
        if (!text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@'))
        {
            Add(field, FieldRule.Identifier, $"'{field}' may contain only letters, digits and '-', '_', '.', '@'.");
            return null;
        }
        return text;
    }

    /// <summary>A duration written as "hh:mm:ss" or "d.hh:mm:ss", between <paramref name="min"/> (default 1 second) and 365 days.</summary>
    public TimeSpan? Duration(string field, string? value, bool required = false, TimeSpan? min = null)
    {
        if (value is null)
        {
            if (required)
            {
                Add(field, FieldRule.Required, $"'{field}' is required.");
            }
            return null;
        }
        var least = min ?? TimeSpan.FromSeconds(1);
        if (!TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) || span < least || span > TimeSpan.FromDays(365))
        {
            Add(field, FieldRule.Duration, $"'{field}' must be a duration such as \"04:00:00\" or \"2.00:00:00\", {least} to 365 days.");
            return null;
        }
        return span;
    }

    private static string Allowed<TEnum>() where TEnum : struct, Enum => string.Join(", ", System.Enum.GetNames<TEnum>());

    /// <summary>A text users read, in Swedish and English: both required when the text is (null when left out and optional).</summary>
    public Domain.Common.BilingualText? Bilingual(string field, TextInput? input, int maxLength, bool required)
    {
        if (input is null && !required)
        {
            return null;
        }
        var sv = Text($"{field}.sv", input?.Sv, maxLength, required: true);
        var en = Text($"{field}.en", input?.En, maxLength, required: true);
        return sv is null || en is null ? null : new Domain.Common.BilingualText(sv, en);
    }

    /// <summary>A list of short texts (each checked like <see cref="Text"/>), distinct in any case, at most <paramref name="maxItems"/>.</summary>
    public List<string> TextList(string field, IReadOnlyList<string>? values, int maxItems, int maxLength = Limits.ShortTextLength)
    {
        var list = (values ?? []).Select((v, i) => Text($"{field}[{i}]", v, maxLength, required: true)).OfType<string>()
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (list.Count > maxItems)
        {
            Add(field, FieldRule.TooMany, $"At most {maxItems}.", Args(("max", maxItems)));
        }
        return list;
    }
}

/// <summary>A text as a client sends it in both languages (<c>{"sv": "…", "en": "…"}</c>).</summary>
public sealed record TextInput(string? Sv, string? En);
