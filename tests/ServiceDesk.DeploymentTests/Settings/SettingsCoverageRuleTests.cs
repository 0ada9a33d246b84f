using ServiceDesk.DeploymentTests.Infrastructure;

namespace ServiceDesk.DeploymentTests.Settings;

/// <summary>The coverage rules themselves, on a made-up options class, so a green coverage test means something.</summary>
public class SettingsCoverageRuleTests
{
    private static readonly string[] Readme =
    [
        "# Title",
        "## Configuration",
        "",
        "| setting | default | set by Bicep? | meaning |",
        "|---|---|---|---|",
        "| `ServiceDesk__Sample__Port` | `587` | no | port |",
        "| `ServiceDesk__Sample__Host` | — | no | host, no default |",
        "| `ServiceDesk__Sample__Tls__Mode` | `StartTls` | no | nested |",
        "| `ServiceDesk__Sample__Recipients__*` | empty | no | list |",
        "| `AzureWebJobsStorage__credential` | — | yes | identity |",
        "",
        "## API",
        "| `ServiceDesk__Sample__Name` | `x` | no | outside the section |",
    ];

    private static ConfigurationTable Table => ConfigurationTable.Parse(Readme);

    [Fact]
    public void Options_class_yields_one_setting_per_settable_property_including_nested_ones()
    {
        var names = OptionsSettings.ForType(typeof(SampleOptions)).Select(s => s.Name).ToList();

        Assert.Equal(
            ["ServiceDesk__Sample__Host", "ServiceDesk__Sample__Port", "ServiceDesk__Sample__Name", "ServiceDesk__Sample__Recipients", "ServiceDesk__Sample__Tls__Mode"],
            names);
    }

    [Fact]
    public void Readme_table_is_read_only_from_the_configuration_section()
    {
        Assert.Equal(5, Table.Rows.Count);
        Assert.Null(Table.Find("ServiceDesk__Sample__Name"));
        Assert.True(Table.Find("AzureWebJobsStorage__credential")!.SetByBicep);
        Assert.False(Table.Find("ServiceDesk__Sample__Host")!.HasDocumentedDefault);
        Assert.True(Table.Find("ServiceDesk__Sample__Port")!.HasDocumentedDefault);
    }

    [Fact]
    public void Setting_missing_from_bicep_and_readme_or_without_a_default_is_reported()
    {
        var problems = SettingsCoverage.UncoveredSettings(
            OptionsSettings.ForType(typeof(SampleOptions)), new Dictionary<string, string>(), Table);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("ServiceDesk__Sample__Host", StringComparison.Ordinal) && p.Contains("no default", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("ServiceDesk__Sample__Name", StringComparison.Ordinal) && p.Contains("neither", StringComparison.Ordinal));
    }

    [Fact]
    public void Setting_set_by_bicep_needs_no_readme_default()
    {
        var bicep = new Dictionary<string, string>
        {
            ["ServiceDesk__Sample__Host"] = "smtp.example",
            ["ServiceDesk__Sample__Name"] = "x",
        };

        Assert.Empty(SettingsCoverage.UncoveredSettings(OptionsSettings.ForType(typeof(SampleOptions)), bicep, Table));
    }

    [Fact]
    public void Readme_and_bicep_disagreeing_on_who_sets_a_setting_is_reported()
    {
        var bicep = new Dictionary<string, string> { ["ServiceDesk__Sample__Port"] = "25" };

        var problems = SettingsCoverage.TableDisagreesWithBicep(bicep, Table);

        Assert.Contains(problems, p => p.Contains("ServiceDesk__Sample__Port", StringComparison.Ordinal) && p.Contains("says it is not", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("AzureWebJobsStorage__credential", StringComparison.Ordinal) && p.Contains("does not", StringComparison.Ordinal));
    }

    [Fact]
    public void Misspelt_setting_of_a_known_section_is_reported()
    {
        var settings = OptionsSettings.ForType(typeof(SampleOptions));

        var problems = SettingsCoverage.UnknownSettings(
            ["ServiceDesk__Sample__Hots", "ServiceDesk__Sample__Recipients__0", "ServiceDesk__Other__X", "FOO"],
            ["ServiceDesk__Sample"],
            settings,
            "infra/");

        var problem = Assert.Single(problems);
        Assert.Contains("ServiceDesk__Sample__Hots", problem, StringComparison.Ordinal);
    }

    private sealed class SampleOptions
    {
        public const string SectionName = "ServiceDesk:Sample";

        public string Host { get; set; } = "";

        public int Port { get; set; } = 587;

        public string Name { get; init; } = "";

        public List<string> Recipients { get; set; } = [];

        public SampleTls Tls { get; } = new();

        public string Computed => Host + Port;
    }

    private sealed class SampleTls
    {
        public string Mode { get; set; } = "StartTls";
    }
}
