using ServiceDesk.Benchmarks.Cli;

return await Subcommands.RunAsync(args);
