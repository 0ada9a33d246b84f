using ServiceDesk.DeploymentTests.Infrastructure;

namespace ServiceDesk.DeploymentTests.Settings;

/// <summary>
/// Every setting the code reads through an options class (a type with `public const string SectionName`)
/// is either set by the Bicep or documented in docs/configuration.md with its default, and its
/// configuration table agrees with the Bicep.
/// </summary>
public class SettingsCoverageTests
{
    // Options sections that exist in the code; the test fails if one disappears unnoticed
    // (the reflection would then silently check less).
    private static readonly string[] ExpectedSections = ["ServiceDesk:Auth", "ServiceDesk:Tickets", "ServiceDesk:Storage"];

    private static IReadOnlyDictionary<string, string> BicepSettings => CompiledTemplate.Main.AppSettings();

    [Fact]
    public void ServiceDesk_assemblies_are_found_for_reflection()
    {
        var names = OptionsSettings.ServiceDeskAssemblies().Select(a => a.GetName().Name).ToList();

        Assert.Contains("ServiceDesk.Functions", names);
        Assert.Contains("ServiceDesk.Domain", names);
        Assert.Contains("ServiceDesk.Application", names);
        Assert.Contains("ServiceDesk.Infrastructure", names);
    }

    [Fact]
    public void Known_options_sections_are_discovered()
    {
        var sections = OptionsSettings.OptionsTypes().Select(OptionsSettings.SectionSettingName).ToList();

        foreach (var expected in ExpectedSections)
        {
            Assert.Contains(OptionsSettings.SettingName(expected), sections);
        }
    }

    [Fact]
    public void Every_setting_the_code_reads_is_set_by_bicep_or_has_a_documented_default()
    {
        var problems = SettingsCoverage.UncoveredSettings(OptionsSettings.Discover(), BicepSettings, ConfigurationTable.Load());

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Readme_configuration_table_agrees_with_the_bicep()
    {
        var problems = SettingsCoverage.TableDisagreesWithBicep(BicepSettings, ConfigurationTable.Load());

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Bicep_and_readme_name_only_settings_the_code_binds()
    {
        var settings = OptionsSettings.Discover();
        var sections = OptionsSettings.OptionsTypes().Select(OptionsSettings.SectionSettingName).ToList();

        var problems = SettingsCoverage.UnknownSettings(BicepSettings.Keys, sections, settings, "infra/")
            .Concat(SettingsCoverage.UnknownSettings(ConfigurationTable.Load().Rows.Select(r => r.Setting), sections, settings, "README.md"))
            .ToList();

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Readme_table_documents_the_host_settings()
    {
        var table = ConfigurationTable.Load();

        foreach (var name in new[] { "AzureWebJobsStorage__credential", "ServiceBus__fullyQualifiedNamespace", "APPLICATIONINSIGHTS_CONNECTION_STRING" })
        {
            Assert.NotNull(table.Find(name));
        }
    }
}
