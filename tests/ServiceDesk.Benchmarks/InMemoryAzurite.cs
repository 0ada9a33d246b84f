using System.Diagnostics;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.Benchmarks;

/// <summary>
/// Azurite with <c>--inMemoryPersistence</c> (only with --azurite-in-memory): no LokiJS autosave to disk every 5 s, whose
/// cost grows with the data and makes a long run slow down. Started like <see cref="AzuriteProcess"/> (same script,
/// free ports, stdin watchdog so it dies with this process), which has no option for it.
/// </summary>
public sealed class InMemoryAzurite : IAsyncDisposable
{
    private const string StdinWatchdog =
        "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));process.stdin.resume();require(process.argv[1]);";

    private readonly Process _process;

    private InMemoryAzurite(Process process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<InMemoryAzurite> StartAsync()
    {
        var root = RepositoryRoot.Find();
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            await NodeTools.NpmCiAsync(root, CancellationToken.None);
        }
        int bp = FreePorts.Next(), qp = FreePorts.Next(), tp = FreePorts.Next();
        var psi = new ProcessStartInfo(NodeTools.NodeExecutable())
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "-e", StdinWatchdog, "--", script, "--silent", "--skipApiVersionCheck", "--inMemoryPersistence",
                     "--blobHost", "127.0.0.1", "--blobPort", bp.ToString(),
                     "--queueHost", "127.0.0.1", "--queuePort", qp.ToString(),
                     "--tableHost", "127.0.0.1", "--tablePort", tp.ToString(),
                 })
        {
            psi.ArgumentList.Add(arg);
        }
        var process = NodeTools.Start(psi, "Azurite");
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var azurite = new InMemoryAzurite(process, AzuriteProcess.BuildConnectionString(bp, qp, tp));
        foreach (var port in new[] { bp, qp, tp })
        {
            if (!await FreePorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30)) || process.HasExited)
            {
                await azurite.DisposeAsync();
                throw new InvalidOperationException($"Azurite (--inMemoryPersistence) did not start listening on port {port}.");
            }
        }
        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        _process.Dispose();
    }
}
