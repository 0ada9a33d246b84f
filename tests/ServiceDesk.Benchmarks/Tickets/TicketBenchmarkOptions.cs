using System.Globalization;

namespace ServiceDesk.Benchmarks.Tickets;

/// <summary>Command-line options; see <see cref="Usage"/>.</summary>
public sealed class TicketBenchmarkOptions
{
    public int Operations { get; private set; } = 2000;
    public int Concurrency { get; private set; } = 64;
    public int Rounds { get; private set; } = 2;
    public int Sequential { get; private set; } = 200;
    public int Replays { get; private set; } = 20;
    public int ColdCustomers { get; private set; } = 3;
    public int? NumberBlockSize { get; private set; }
    public string? ConnectionString { get; private set; }
    public string? OutputPath { get; private set; }
    public bool Quick { get; private set; }
    public bool TimeAllocator { get; private set; }
    public bool InMemoryAzurite { get; private set; }
    public int SliceSize { get; private set; } = 500;
    public bool RowKeyCheck { get; private set; }

    public const string Usage = """
        ServiceDesk ticket-creation benchmark (use-case layer over Azurite, compared with raw Azure.Data.Tables calls).

        dotnet run -c Release --project tests/ServiceDesk.Benchmarks -- [tickets] [options]

          -n, --operations N      operations per phase and round (default 2000; --quick: 200)
          -c, --concurrency C     operations in flight (default 64; --quick: 16)
          -r, --rounds R          rounds; ratios are taken within a round (default 2; --quick: 1)
          --slice K               interleave the phases in slices of K operations, order reversed every slice
                                  (default 500; 0 = each phase in one go)
          --sequential S          creates per path in the sequential request-count pass (default 200; --quick: 20)
          --replays K             idempotent replays measured sequentially (default 20; --quick: 5)
          --cold-customers K      creates whose customer is not cached yet, per path (default 3; --quick: 1)
          --block-size B          ServiceDesk:Tickets:NumberBlockSize (default: the app's default, 20)
          --connection-string CS  use this storage instead of starting a fresh Azurite
          --azurite-in-memory     start Azurite with --inMemoryPersistence (no 5 s autosave to disk)
          --time-allocator        wrap the number allocator to time NextAsync (diagnostic; changes the composition)
          --out FILE              also write the Markdown report to FILE
          --rowkey-check          instead of the benchmark: Azurite insert rate with one shared RowKey vs unique
                                  RowKeys as a table grows (10 slices of 2,000)
          --quick                 small smoke run (about half a minute)
          -h, --help              this text
        """;

    /// <summary>Parses the arguments; null (after printing a message) when they are wrong or help was asked for.</summary>
    public static TicketBenchmarkOptions? Parse(string[] args)
    {
        var o = new TicketBenchmarkOptions();
        var quick = args.Contains("--quick");
        if (quick)
        {
            o.Quick = true;
            o.Operations = 200;
            o.Concurrency = 16;
            o.Rounds = 1;
            o.Sequential = 20;
            o.Replays = 5;
            o.ColdCustomers = 1;
            o.SliceSize = 100;
        }
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{a} needs a value.");
            int Positive(int min = 1)
            {
                var text = Value();
                return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min
                    ? v
                    : throw new ArgumentException($"{a} must be a whole number ≥ {min}, not '{text}'.");
            }
            try
            {
                switch (a)
                {
                    case "--quick": break;
                    case "-n" or "--operations": o.Operations = Positive(); break;
                    case "-c" or "--concurrency": o.Concurrency = Positive(); break;
                    case "-r" or "--rounds": o.Rounds = Positive(); break;
                    case "--sequential": o.Sequential = Positive(0); break;
                    case "--replays": o.Replays = Positive(0); break;
                    case "--cold-customers": o.ColdCustomers = Positive(0); break;
                    case "--block-size": o.NumberBlockSize = Positive(); break;
                    case "--connection-string": o.ConnectionString = Value(); break;
                    case "--time-allocator": o.TimeAllocator = true; break;
                    case "--azurite-in-memory": o.InMemoryAzurite = true; break;
                    case "--slice": o.SliceSize = Positive(0); break;
                    case "--rowkey-check": o.RowKeyCheck = true; break;
                    case "--out": o.OutputPath = Value(); break;
                    case "-h" or "--help" or "-?":
                        Console.WriteLine(Usage);
                        return null;
                    default:
                        throw new ArgumentException($"Unknown option '{a}'.");
                }
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine(e.Message);
                Console.Error.WriteLine(Usage);
                return null;
            }
        }
        if (o.Replays > o.Sequential)
        {
            o.Replays = o.Sequential;
        }
        return o;
    }

    public string Describe() =>
        $"operations per phase and round {Operations} (slices of {(SliceSize == 0 ? Operations : SliceSize)}), in flight {Concurrency}, rounds {Rounds}, sequential pass {Sequential} " +
        $"per path, replays {Replays}, cold customers {ColdCustomers} per path, number block size " +
        (NumberBlockSize?.ToString(CultureInfo.InvariantCulture) ?? "default (20)") +
        (TimeAllocator ? ", allocator timed (--time-allocator)" : "") + (InMemoryAzurite ? ", --azurite-in-memory" : "") + (Quick ? ", --quick" : "");
}
