using ServiceDesk.DeploymentTests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace ServiceDesk.DeploymentTests.Azd;

/// <summary>azure.yaml against the fields of azd's documented schema (azure.yaml.json, v1.0).</summary>
public class AzureYamlTests
{
    private static readonly string[] TopLevelFields =
        ["name", "resourceGroup", "metadata", "infra", "services", "pipeline", "hooks", "requiredVersions", "state", "platform", "workflows", "cloud", "resources"];

    private static readonly string[] ServiceFields =
        ["resourceName", "project", "image", "host", "language", "module", "dist", "docker", "k8s", "config", "hooks", "resourceGroup", "apiVersion", "env", "uses", "remoteBuild"];

    private static YamlMappingNode Root()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(RepositoryPaths.AzureYaml);
        stream.Load(reader);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlMappingNode Api() =>
        (YamlMappingNode)((YamlMappingNode)Root()["services"])["api"];

    private static string Scalar(YamlMappingNode node, string key) =>
        ((YamlScalarNode)node[key]).Value ?? "";

    [Fact]
    public void Only_documented_fields_are_used()
    {
        var root = Root();
        foreach (var key in root.Children.Keys.Cast<YamlScalarNode>())
        {
            Assert.Contains(key.Value, TopLevelFields);
        }

        foreach (var key in Api().Children.Keys.Cast<YamlScalarNode>())
        {
            Assert.Contains(key.Value, ServiceFields);
        }

        Assert.Matches("^[a-z0-9-]+$", Scalar(root, "name"));
    }

    [Fact]
    public void Has_one_service_api_hosted_as_a_dotnet_function_app()
    {
        var services = (YamlMappingNode)Root()["services"];

        var name = Assert.Single(services.Children.Keys.Cast<YamlScalarNode>());
        Assert.Equal("api", name.Value);
        Assert.Equal("function", Scalar(Api(), "host"));
        Assert.Equal("dotnet", Scalar(Api(), "language"));
    }

    [Fact]
    public void Service_project_is_the_functions_app()
    {
        var project = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, Scalar(Api(), "project")));

        Assert.True(Directory.Exists(project), $"{project} does not exist.");
        var csproj = Assert.Single(Directory.GetFiles(project, "*.csproj"));
        Assert.Equal("ServiceDesk.Functions.csproj", Path.GetFileName(csproj));
        Assert.Contains("<AzureFunctionsVersion>", File.ReadAllText(csproj), StringComparison.Ordinal);
    }

    [Fact]
    public void Infra_points_at_main_bicep()
    {
        var infra = (YamlMappingNode)Root()["infra"];

        Assert.Equal("bicep", Scalar(infra, "provider"));
        var module = Path.Combine(RepositoryPaths.Root, Scalar(infra, "path"), Scalar(infra, "module") + ".bicep");
        Assert.True(File.Exists(module), $"{module} does not exist.");
        Assert.True(File.Exists(Path.ChangeExtension(module, ".parameters.json")), "main.parameters.json must sit beside main.bicep.");
    }
}
