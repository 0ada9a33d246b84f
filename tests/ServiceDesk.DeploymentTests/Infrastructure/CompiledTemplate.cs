using System.Text.Json.Nodes;

namespace ServiceDesk.DeploymentTests.Infrastructure;

/// <summary>
/// infra/main.bicep compiled to ARM JSON once per test run, with the modules inlined as nested
/// deployments, and the few views of it the tests need.
/// </summary>
public sealed class CompiledTemplate
{
    private static readonly Lazy<CompiledTemplate> LazyMain = new(() => Build(RepositoryPaths.MainBicep));

    private CompiledTemplate(BicepResult build, JsonNode root)
    {
        BuildResult = build;
        Root = root;
    }

    public static CompiledTemplate Main => LazyMain.Value;

    public BicepResult BuildResult { get; }

    public JsonNode Root { get; }

    public string Json => Root.ToJsonString();

    public static CompiledTemplate Build(string bicepFile)
    {
        var result = BicepCli.Run(Path.GetDirectoryName(bicepFile)!, "build", bicepFile, "--stdout", "--no-restore");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {bicepFile} failed: {result}");
        }

        var root = JsonNode.Parse(result.StandardOutput)
            ?? throw new InvalidOperationException("bicep build printed no JSON.");
        return new CompiledTemplate(result, root);
    }

    /// <summary>Every resource of the given type, at any depth of nested deployments.</summary>
    public IReadOnlyList<JsonObject> Resources(string type) =>
        Descendants(Root)
            .OfType<JsonObject>()
            .Where(o => o["type"] is JsonValue t
                && string.Equals(t.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase)
                && o["apiVersion"] is not null)
            .ToList();

    /// <summary>
    /// The Function App's app settings: the literal keys of the one `Microsoft.Web/sites/config`
    /// resource named appsettings, with their values (literals or ARM expressions).
    /// </summary>
    public IReadOnlyDictionary<string, string> AppSettings()
    {
        var configs = Resources("Microsoft.Web/sites/config")
            .Where(r => r["name"]!.ToJsonString().Contains("appsettings", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (configs.Count != 1)
        {
            throw new InvalidOperationException($"Expected one appsettings resource in the template, found {configs.Count}.");
        }

        var properties = configs[0]["properties"] as JsonObject
            ?? throw new InvalidOperationException(
                "The appsettings properties are not a literal object (an ARM expression such as union()?): the setting names must be literal.");
        return properties.ToDictionary(
            p => p.Key,
            p => p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? "",
            StringComparer.Ordinal);
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode? node)
    {
        if (node is null)
        {
            yield break;
        }

        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children)
        {
            foreach (var descendant in Descendants(child))
            {
                yield return descendant;
            }
        }
    }
}
