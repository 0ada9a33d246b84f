using ServiceDesk.LocalHost;

return await LocalRunCommand.RunAsync(args);
