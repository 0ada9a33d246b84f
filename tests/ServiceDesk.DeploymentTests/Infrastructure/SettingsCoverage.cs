namespace ServiceDesk.DeploymentTests.Infrastructure;

/// <summary>
/// The rules that tie the code's options, the Bicep app settings and the configuration table (docs/configuration.md)
/// together. Each method returns the problems it finds, one sentence each; none means consistent.
/// </summary>
public static class SettingsCoverage
{
    /// <summary>Every setting the code binds is set by the Bicep or documented in docs/configuration.md with its default.</summary>
    public static IReadOnlyList<string> UncoveredSettings(
        IEnumerable<OptionsSetting> settings,
        IReadOnlyDictionary<string, string> bicepSettings,
        ConfigurationTable table)
    {
        var problems = new List<string>();
        foreach (var setting in settings)
        {
            if (bicepSettings.Keys.Any(k => Matches(setting, k)))
            {
                continue;
            }

            var row = table.Rows.FirstOrDefault(r => Matches(setting, r.Setting));
            if (row is null)
            {
                problems.Add($"{setting} is neither set by infra/ nor listed in the configuration table (docs/configuration.md).");
            }
            else if (!row.HasDocumentedDefault)
            {
                problems.Add($"{setting.Name} is not set by infra/ and its docs/configuration.md row documents no default (`{row.Default}`).");
            }
        }

        return problems;
    }

    /// <summary>The "set by Bicep?" column of docs/configuration.md says exactly which settings the Bicep sets.</summary>
    public static IReadOnlyList<string> TableDisagreesWithBicep(IReadOnlyDictionary<string, string> bicepSettings, ConfigurationTable table)
    {
        var problems = new List<string>();
        foreach (var name in bicepSettings.Keys)
        {
            var row = table.Find(name);
            if (row is null)
            {
                problems.Add($"{name} is set by infra/ but missing from the configuration table (docs/configuration.md).");
            }
            else if (!row.SetByBicep)
            {
                problems.Add($"{name} is set by infra/ but docs/configuration.md says it is not.");
            }
        }

        foreach (var row in table.Rows.Where(r => r.SetByBicep && !bicepSettings.ContainsKey(r.Setting)))
        {
            problems.Add($"docs/configuration.md says infra/ sets {row.Setting}, but it does not.");
        }

        return problems;
    }

    /// <summary>
    /// A `ServiceDesk__Section__Property` name (in the Bicep or docs/configuration.md) whose section exists in the
    /// code must name a property the code binds: catches typos and renamed properties.
    /// </summary>
    public static IReadOnlyList<string> UnknownSettings(
        IEnumerable<string> names,
        IReadOnlyCollection<string> sectionPrefixes,
        IReadOnlyCollection<OptionsSetting> settings,
        string source)
    {
        return names
            .Where(n => sectionPrefixes.Any(p => n.StartsWith(p + "__", StringComparison.Ordinal)))
            .Where(n => !settings.Any(s => Matches(s, n)))
            .Select(n => $"{source} names {n}, but no options class binds it.")
            .ToList();
    }

    private static bool Matches(OptionsSetting setting, string name) =>
        string.Equals(setting.Name, name, StringComparison.Ordinal)
        || (setting.IsCollection && name.StartsWith(setting.Name + "__", StringComparison.Ordinal));
}
