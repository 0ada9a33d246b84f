namespace ServiceDesk.FaultTests.Infrastructure;

/// <summary>Appends a fault test's measured figures to <c>fault-figures.txt</c> next to the test assembly (and to the test output).</summary>
public static class Figures
{
    private static readonly object Gate = new();

    public static void Write(Xunit.Abstractions.ITestOutputHelper output, string test, IEnumerable<string> lines)
    {
        var text = $"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss}Z {test}{(FaultSuite.Soak ? " (soak)" : "")}\n" +
                   string.Concat(lines.Select(l => "  " + l + "\n"));
        output.WriteLine(text);
        lock (Gate) File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "fault-figures.txt"), text);
    }
}
