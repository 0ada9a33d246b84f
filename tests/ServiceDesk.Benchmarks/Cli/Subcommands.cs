using ServiceDesk.Benchmarks.Harness;
using ServiceDesk.Benchmarks.Intake;
using ServiceDesk.Benchmarks.Knowledge;
using ServiceDesk.Benchmarks.Mail;
using ServiceDesk.Benchmarks.MajorIncidents;
using ServiceDesk.Benchmarks.Problems;
using ServiceDesk.Benchmarks.ServiceLevels;
using ServiceDesk.Benchmarks.Tickets;
using ServiceDesk.Benchmarks.Workflows;

namespace ServiceDesk.Benchmarks.Cli;

/// <summary>
/// The first argument names the benchmark. Without one, or with an option first, it is <c>tickets</c>, so the
/// command the README has always given (<c>dotnet run -c Release --project tests/ServiceDesk.Benchmarks</c>) still runs it.
/// </summary>
public static class Subcommands
{
    public const string Usage = """
        ServiceDesk benchmarks: one program, one subcommand per benchmark; `<subcommand> --help` lists its options.

        dotnet run -c Release --project tests/ServiceDesk.Benchmarks -- [subcommand] [options]

          tickets     ticket creation through the use-case layer vs raw Azure.Data.Tables calls (the default)
          intake      queue → ticket change through IncidentIntake: messages/s, table requests per message
          mail        inbound mails through MailIngestion: mails/s, table requests and blob uploads per mail
          knowledge   knowledge search at 10,000 articles: cold start from the store and from the index snapshot, search/suggest p50/p99
          major-incidents  auto-link check per ticket create (requests, rate vs raw inserts); broadcast to 5,000 recipients
          problems    statistics and detection over N stored incidents, then incrementally after 1,000 new ones
          sla         the SLA escalation timer over N open tickets, D due: storage requests and time vs raw point reads
          workflows   approval orchestrations started and completed per second on the local host's Durable engine
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            if (args.Length == 0 || args[0].StartsWith('-'))
            {
                if (args is ["-h" or "--help" or "-?"])
                {
                    Console.WriteLine(Usage);
                    Console.WriteLine();
                }
                return await TicketsAsync(args);
            }
            var rest = args[1..];
            switch (args[0])
            {
                case "tickets": return await TicketsAsync(rest);
                case "intake": return await IntakeBenchmark.Size.RunAsync(rest, IntakeBenchmark.RunAsync);
                case "mail": return await MailBenchmark.Size.RunAsync(rest, MailBenchmark.RunAsync);
                case "knowledge": return await KnowledgeBenchmark.MainAsync(rest);
                case "major-incidents": return await MajorIncidentBenchmark.MainAsync(rest);
                case "problems": return await ProblemBenchmark.Size.RunAsync(rest, ProblemBenchmark.RunAsync);
                case "sla": return await SlaBenchmark.MainAsync(rest);
                case "workflows": return await WorkflowBenchmark.Size.RunAsync(rest, WorkflowBenchmark.RunAsync);
                default:
                    Console.Error.WriteLine($"Unknown subcommand '{args[0]}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }
        catch (BenchmarkCheckException e)
        {
            Console.Error.WriteLine("check failed: " + e.Message);
            return 1;
        }
    }

    private static async Task<int> TicketsAsync(string[] args)
    {
        var options = TicketBenchmarkOptions.Parse(args);
        if (options is null)
        {
            return args.Any(a => a is "-h" or "--help" or "-?") ? 0 : 2;
        }
        return options.RowKeyCheck
            ? await RowKeyCheck.RunAsync(slices: 10, options.OutputPath)
            : await TicketBenchmark.RunAsync(options);
    }
}
