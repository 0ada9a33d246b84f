using System.Globalization;

namespace ServiceDesk.Benchmarks.Cli;

/// <summary>
/// The options of the intake, mail, problems and workflows subcommands: how much work (<c>-n</c>, or the long name),
/// or <c>--quick</c> for a smoke run. An explicit size wins over <c>--quick</c>.
/// </summary>
public sealed record SizeOption(string Subcommand, string Description, string LongName, string Meaning, int Default, int Quick, int Minimum = 1)
{
    public string Usage => $"""
        {Description}

        dotnet run -c Release --project tests/ServiceDesk.Benchmarks -- {Subcommand} [options]

          {$"-n, --{LongName} N",-22}  {Meaning} (default {Default.ToString("N0", CultureInfo.InvariantCulture)}; --quick: {Quick.ToString("N0", CultureInfo.InvariantCulture)})
          --quick                 small smoke run
          -h, --help              this text
        """;

    /// <summary>Parses <paramref name="args"/> and runs <paramref name="run"/> with the size; 0 after help, 2 on bad arguments.</summary>
    public async Task<int> RunAsync(string[] args, Func<int, Task<int>> run)
    {
        var size = args.Contains("--quick") ? Quick : Default;
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "-h" or "--help" or "-?")
            {
                Console.WriteLine(Usage);
                return 0;
            }
            if (a == "--quick")
            {
                continue;
            }
            var text = i + 1 < args.Length ? args[i + 1] : null;
            if ((a == "-n" || a == "--" + LongName)
                && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= Minimum)
            {
                size = value;
                i++;
                continue;
            }
            Console.Error.WriteLine(a is "-n" || a == "--" + LongName
                ? $"{a} must be a whole number ≥ {Minimum}, not '{text}'."
                : $"Unknown option '{a}'.");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {Subcommand}: {size.ToString("N0", CultureInfo.InvariantCulture)} {Meaning}");
        return await run(size);
    }
}
