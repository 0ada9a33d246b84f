using ServiceDesk.Benchmarks;

var options = BenchmarkOptions.Parse(args);
if (options is null)
{
    return args.Any(a => a is "-h" or "--help" or "-?") ? 0 : 2;
}
return options.RowKeyCheck
    ? await RowKeyCheck.RunAsync(slices: 10, options.OutputPath)
    : await Benchmark.RunAsync(options);
