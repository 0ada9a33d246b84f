namespace ServiceDesk.DeploymentTests.Infrastructure;

/// <summary>
/// The one table under `## Configuration` in docs/configuration.md (<see cref="RepositoryPaths.ConfigurationDoc"/>):
/// setting | default | set by Bicep? | meaning.
/// </summary>
public sealed class ConfigurationTable
{
    private static readonly string[] ExpectedHeader = ["setting", "default", "set by Bicep?", "meaning"];
    private static readonly string[] NoDefault = ["", "-", "—", "none", "(none)", "required", "n/a"];

    private ConfigurationTable(IReadOnlyList<ConfigurationRow> rows) => Rows = rows;

    public IReadOnlyList<ConfigurationRow> Rows { get; }

    public ConfigurationRow? Find(string setting) =>
        Rows.FirstOrDefault(r => string.Equals(r.Setting, setting, StringComparison.Ordinal));

    public static ConfigurationTable Load() => Parse(File.ReadAllLines(RepositoryPaths.ConfigurationDoc));

    public static ConfigurationTable Parse(IReadOnlyList<string> lines)
    {
        var start = lines.ToList().FindIndex(l => l.TrimEnd() == "## Configuration");
        if (start < 0)
        {
            throw new InvalidOperationException($"{RepositoryPaths.ConfigurationDocPath} has no `## Configuration` section.");
        }

        var section = lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
        var tableLines = section.Where(l => l.TrimStart().StartsWith('|')).ToList();
        if (tableLines.Count < 2)
        {
            throw new InvalidOperationException($"The `## Configuration` section of {RepositoryPaths.ConfigurationDocPath} has no table.");
        }

        var header = SplitRow(tableLines[0]);
        if (!header.SequenceEqual(ExpectedHeader, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"The configuration table's header in {RepositoryPaths.ConfigurationDocPath} is `{string.Join(" | ", header)}`, expected `{string.Join(" | ", ExpectedHeader)}`.");
        }

        var rows = tableLines
            .Skip(2) // header and |---| separator
            .Select(SplitRow)
            .Select(cells => cells.Count == ExpectedHeader.Length
                ? new ConfigurationRow(
                    Unquote(cells[0]),
                    Unquote(cells[1]),
                    cells[2].StartsWith("yes", StringComparison.OrdinalIgnoreCase),
                    cells[3])
                : throw new InvalidOperationException($"Configuration table row has {cells.Count} cells: {string.Join(" | ", cells)}"))
            .ToList();
        return new ConfigurationTable(rows);
    }

    public static bool IsDocumentedDefault(string defaultCell) =>
        !NoDefault.Contains(defaultCell.Trim(), StringComparer.OrdinalIgnoreCase);

    private static List<string> SplitRow(string line)
    {
        // Split on | that is not escaped as \|, dropping the empty cells outside the leading and trailing pipes.
        var cells = new List<string>();
        var current = new System.Text.StringBuilder();
        var trimmed = line.Trim();
        for (var i = 0; i < trimmed.Length; i++)
        {
            if (trimmed[i] == '\\' && i + 1 < trimmed.Length && trimmed[i + 1] == '|')
            {
                current.Append('|');
                i++;
            }
            else if (trimmed[i] == '|')
            {
                cells.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(trimmed[i]);
            }
        }

        cells.Add(current.ToString().Trim());
        return cells.Skip(1).Take(cells.Count - 2).ToList();
    }

    private static string Unquote(string cell) => cell.Replace("`", "", StringComparison.Ordinal).Trim();
}

public sealed record ConfigurationRow(string Setting, string Default, bool SetByBicep, string Meaning)
{
    public bool HasDocumentedDefault => ConfigurationTable.IsDocumentedDefault(Default);
}
