using System.Diagnostics;

namespace ServiceDesk.LocalHost.Emulators;

/// <summary>
/// Starts the Azurite storage emulator (npm package from the repository's package.json) as a child process.
/// Used by the local host and by the test suites, which each start their own instance on free ports.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key: public, documented by Microsoft, not a secret.</summary>
    public const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Ctrl+C in a terminal sends SIGINT to the whole process group. Azurite must not shut down then: the local host
    // stops the Durable engine (which needs storage) first and kills Azurite last. So SIGINT handlers that Azurite
    // registers are swallowed here; it still stops on SIGTERM/SIGKILL, and when our end of its stdin closes.
    private const string StdinWatchdog =
        "const on=process.on.bind(process),once=process.once.bind(process);" +
        "process.on=(e,h)=>e==='SIGINT'?process:on(e,h);process.once=(e,h)=>e==='SIGINT'?process:once(e,h);on('SIGINT',()=>{});" +
        "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));process.stdin.resume();require(process.argv[1]);";

    private readonly Process _process;
    private readonly string? _temporaryLocation;

    private AzuriteProcess(Process process, int blobPort, int queuePort, int tablePort, string? temporaryLocation)
    {
        _process = process;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
        _temporaryLocation = temporaryLocation;
    }

    public int BlobPort { get; }
    public int QueuePort { get; }
    public int TablePort { get; }

    /// <summary>The emulator's process (Azurite runs inside its watchdog's Node process): for tests that freeze or kill it.</summary>
    public int ProcessId => _process.Id;

    public string ConnectionString =>
        BuildConnectionString(BlobPort, QueuePort, TablePort);

    public static string BuildConnectionString(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>Starts Azurite; installs the npm packages first when node_modules is missing.</summary>
    /// <param name="location">Data folder; null means a fresh temporary folder deleted on dispose.</param>
    /// <param name="inMemory">
    /// Azurite's <c>--inMemoryPersistence</c>: nothing is written to disk. For benchmarks over large data, where the disk
    /// store (LokiJS) rewrites its whole database file every 5 s and slows every request down as the data grows.
    /// </param>
    public static async Task<AzuriteProcess> StartAsync(
        string? location = null, int? blobPort = null, int? queuePort = null, int? tablePort = null,
        TimeSpan? startTimeout = null, bool inMemory = false, CancellationToken cancellationToken = default)
    {
        var root = RepositoryRoot.Find();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            await NodeTools.NpmCiOnceAsync(root, script, cancellationToken);
        }

        string? temporary = null;
        if (location is null && !inMemory)
        {
            temporary = Path.Combine(Path.GetTempPath(), "servicedesk-azurite-" + Guid.NewGuid().ToString("N"));
            location = temporary;
        }
        if (location is not null)
        {
            Directory.CreateDirectory(location);
        }

        var bp = blobPort ?? FreePorts.Next();
        var qp = queuePort ?? FreePorts.Next();
        var tp = tablePort ?? FreePorts.Next();
        foreach (var port in new[] { bp, qp, tp })
        {
            if (!FreePorts.IsFree(port))
            {
                throw new EmulatorStartException(
                    $"Azurite cannot start: port {port} on 127.0.0.1 is already in use. Stop the process using it or choose other ports.");
            }
        }

        var psi = NodeTools.WatchdogStartInfo(root);
        // Azurite runs under a watchdog that exits when our end of its stdin closes, which happens however
        // this process ends (Ctrl+C, a crash, kill -9): no orphaned emulator keeps the ports.
        var args = new List<string> { "-e", StdinWatchdog, "--", script, "--silent", "--skipApiVersionCheck" };
        args.AddRange(inMemory ? ["--inMemoryPersistence"] : ["--location", location!]);
        args.AddRange([
            "--blobHost", "127.0.0.1", "--blobPort", bp.ToString(),
            "--queueHost", "127.0.0.1", "--queuePort", qp.ToString(),
            "--tableHost", "127.0.0.1", "--tablePort", tp.ToString(),
        ]);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        var process = NodeTools.Start(psi, "Azurite");
        var stderr = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var azurite = new AzuriteProcess(process, bp, qp, tp, temporary);
        var timeout = startTimeout ?? TimeSpan.FromSeconds(30);
        // Stop waiting as soon as the process dies: a crashing emulator fails fast instead of after the timeout.
        using var exited = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        EventHandler onExit = (_, _) => exited.Cancel();
        process.EnableRaisingEvents = true;
        process.Exited += onExit;
        try
        {
            if (process.HasExited) exited.Cancel();
            foreach (var port in new[] { bp, qp, tp })
            {
                bool listening;
                try
                {
                    listening = await FreePorts.WaitUntilListeningAsync(port, timeout, exited.Token);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    listening = false;
                }
                if (!listening || process.HasExited)
                {
                    var cause = process.HasExited ? "exited while starting" : $"did not listen on port {port} within {timeout.TotalSeconds:0} s";
                    await azurite.DisposeAsync();
                    string details;
                    lock (stderr) details = stderr.ToString().Trim().ReplaceLineEndings(" ");
                    throw new EmulatorStartException(
                        $"Azurite {cause}. {details} Check that 'npm ci' succeeded and the data folder {location ?? "(in memory)"} is writable.".Trim());
                }
            }
        }
        finally
        {
            process.Exited -= onExit;
        }
        return azurite;
    }

    /// <summary>Stops Azurite with SIGTERM (it saves what it acknowledged), keeping its data folder for a restart.</summary>
    public Task TerminateAsync() => ChildProcesses.TerminateAsync(_process, TimeSpan.FromSeconds(15));

    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.StopAsync(_process);
        if (_temporaryLocation is not null)
        {
            try { Directory.Delete(_temporaryLocation, recursive: true); }
            catch (IOException) { /* best effort: a temp folder left behind is harmless */ }
        }
    }
}
