using System.Security.Cryptography;
using System.Text.Json;
using ServiceDesk.Domain.Common;

namespace ServiceDesk.Application.Common;

/// <summary>
/// The one catalogue of Swedish and English texts for problem codes, field rules, field labels and
/// system-written activity entries (<c>Common/Texts.json</c>, embedded). The portal reads it from <c>GET /api/texts</c>; mails and pages built here
/// read it through <see cref="Problem"/> and <see cref="FieldError"/>. Rule texts have placeholders:
/// <c>{field}</c> (the field's label) and the error's args (<c>{max}</c>, <c>{min}</c>…).
/// </summary>
public sealed class TextCatalog
{
    public const string ResourceName = "ServiceDesk.Application.Common.Texts.json";

    private static readonly Lazy<TextCatalog> Instance = new(Load);

    private TextCatalog(byte[] json, Sections sections)
    {
        Json = json;
        Problems = sections.Problems;
        FieldRules = sections.FieldRules;
        Fields = sections.Fields;
        Activities = sections.Activities;
        ETag = "\"" + Convert.ToHexString(SHA256.HashData(json))[..16].ToLowerInvariant() + "\"";
    }

    public static TextCatalog Default => Instance.Value;

    /// <summary>The catalogue as stored (what <c>GET /api/texts</c> serves).</summary>
    public byte[] Json { get; }

    /// <summary>A strong validator of <see cref="Json"/>.</summary>
    public string ETag { get; }

    public IReadOnlyDictionary<string, BilingualText> Problems { get; }
    public IReadOnlyDictionary<string, BilingualText> FieldRules { get; }
    public IReadOnlyDictionary<string, BilingualText> Fields { get; }

    /// <summary>Texts of system-written activity entries by code (<c>activity.status.resolved</c>); <c>{name}</c> placeholders are the entry's args.</summary>
    public IReadOnlyDictionary<string, BilingualText> Activities { get; }

    /// <summary>The text of a problem code; the generic text of its kind when the code has none of its own.</summary>
    public BilingualText Problem(string code) =>
        Problems.TryGetValue(code, out var text) ? text : Problems[ProblemCodes.ValidationFailed];

    /// <summary>A field error as a user reads it, in both languages (its label and args filled in).</summary>
    public BilingualText FieldError(FieldError error)
    {
        var rule = FieldRules[error.RuleName];
        var stable = Common.FieldError.StableField(error.Field);
        var label = Fields.TryGetValue(stable, out var l) ? l : new BilingualText(stable, stable);
        return new BilingualText(Fill(rule.Sv, label.Sv, error.Args), Fill(rule.En, label.En, error.Args));
    }

    private static string Fill(string template, string label, IReadOnlyDictionary<string, object>? args)
    {
        var text = template.Replace("{field}", label, StringComparison.Ordinal);
        foreach (var (name, value) in args ?? new Dictionary<string, object>())
        {
            text = text.Replace("{" + name + "}", Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        return text;
    }

    private static TextCatalog Load()
    {
        using var stream = typeof(TextCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var json = buffer.ToArray();
        var sections = JsonSerializer.Deserialize<Sections>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{ResourceName} is empty.");
        return new TextCatalog(json, sections);
    }

    private sealed record Sections(
        Dictionary<string, BilingualText> Problems,
        Dictionary<string, BilingualText> FieldRules,
        Dictionary<string, BilingualText> Fields,
        Dictionary<string, BilingualText> Activities);
}
