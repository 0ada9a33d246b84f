using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceDesk.LocalHost.Configuration;

/// <summary>
/// Reads <c>local.settings.json</c> as Core Tools does: its <c>Values</c> become app settings
/// (<c>A__B</c> is the configuration key <c>A:B</c>) and <c>Host.LocalHttpPort</c> the HTTP port.
/// On first run the file is created from the committed <c>local.settings.example.json</c>, with every
/// placeholder <see cref="GeneratedPlaceholder"/> replaced by a fresh random key (never committed: the file is git-ignored).
/// </summary>
public sealed record LocalSettingsFile(string Path, IReadOnlyDictionary<string, string?> Values, int? LocalHttpPort)
{
    public const string GeneratedPlaceholder = "<generated on first run>";

    /// <summary>Creates the settings file from the example when it is missing; returns true when it did.</summary>
    public static bool EnsureExists(string path, string examplePath)
    {
        if (File.Exists(path)) return false;
        if (!File.Exists(examplePath))
        {
            throw new FileNotFoundException($"Neither {path} nor the example {examplePath} exists.");
        }
        var root = JsonNode.Parse(File.ReadAllText(examplePath)) as JsonObject
                   ?? throw new InvalidDataException($"{examplePath} is not a JSON object.");
        if (root["Values"] is JsonObject values)
        {
            foreach (var key in values.Select(kv => kv.Key).ToList())
            {
                if (values[key]?.GetValue<string>() == GeneratedPlaceholder)
                {
                    values[key] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                }
            }
        }
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine);
        return true;
    }

    public static LocalSettingsFile Load(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        }) as JsonObject ?? throw new InvalidDataException($"{path} is not a JSON object.");

        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (root["Values"] is JsonObject json)
        {
            foreach (var (key, value) in json)
            {
                values[key.Replace("__", ":", StringComparison.Ordinal)] = value?.ToString();
            }
        }
        int? port = root["Host"]?["LocalHttpPort"]?.GetValue<int>();
        return new LocalSettingsFile(path, values, port);
    }
}
