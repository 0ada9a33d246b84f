namespace ServiceDesk.DeploymentTests.Infrastructure;

/// <summary>Files of the repository the deployment tests read, found from the test binaries upwards.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string MainParameters => Path.Combine(Infra, "main.parameters.json");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    /// <summary>The configuration reference, whose `## Configuration` table the settings-coverage tests read.</summary>
    public static string ConfigurationDoc => Path.Combine(Root, ConfigurationDocPath);

    /// <summary><see cref="ConfigurationDoc"/> relative to the repository root, for messages.</summary>
    public const string ConfigurationDocPath = "docs/configuration.md";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServiceDesk.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No ServiceDesk.Functions.sln above {AppContext.BaseDirectory}: the tests must run from a build inside the repository.");
    }
}
