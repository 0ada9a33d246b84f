using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ServiceDesk.LocalHost.Emulators;

/// <summary>
/// Starts smtp4dev (the local mail server: SMTP, IMAP, web UI and REST API) from the repository's dotnet tool manifest
/// as a child process on loopback, with an in-memory database. Used by the Run command and by the tests, which start
/// their own instance on free ports. Like Azurite it runs under a Node watchdog that stops it when our end of its
/// stdin closes (Ctrl+C, crash or kill -9 of this process), so no orphan keeps the ports.
/// </summary>
public sealed class Smtp4devProcess : IAsyncDisposable
{
    private const string Watchdog =
        // detached: smtp4dev gets its own process group, so a terminal's Ctrl+C reaches only the local host, which stops it.
        "process.on('SIGINT',()=>{});" +
        "const c=require('child_process').spawn(process.argv[1],process.argv.slice(2),{stdio:['ignore','inherit','inherit'],cwd:process.env.SMTP4DEV_CWD,detached:true});" +
        "const stop=()=>{try{c.kill()}catch{};process.exit(0)};process.stdin.on('end',stop);process.stdin.on('error',stop);process.stdin.resume();" +
        "c.on('exit',code=>process.exit(code??1));";

    private readonly Process _process;

    private Smtp4devProcess(Process process, int smtpPort, int imapPort, int webPort)
    {
        _process = process;
        SmtpPort = smtpPort;
        ImapPort = imapPort;
        WebPort = webPort;
    }

    public int SmtpPort { get; }
    public int ImapPort { get; }
    public int WebPort { get; }
    public string WebUrl => $"http://127.0.0.1:{WebPort}";
    public bool HasExited => _process.HasExited;

    /// <summary>Starts smtp4dev; restores the dotnet tools first when the package is missing. Null ports mean free ones.</summary>
    public static async Task<Smtp4devProcess> StartAsync(
        int? smtpPort = null, int? imapPort = null, int? webPort = null, TimeSpan? startTimeout = null, CancellationToken cancellationToken = default)
    {
        var root = RepositoryRoot.Find();
        var dll = FindToolDll(root);
        if (dll is null)
        {
            await RestoreToolsAsync(root, cancellationToken);
            dll = FindToolDll(root) ?? throw new EmulatorStartException(
                "smtp4dev is not installed: 'dotnet tool restore' did not provide Rnwood.Smtp4dev. Run it in the repository root and check its output.");
        }
        var smtp = smtpPort ?? FreePorts.Next();
        var imap = imapPort ?? FreePorts.Next();
        var web = webPort ?? FreePorts.Next();
        foreach (var (port, what) in new[] { (smtp, "SMTP"), (imap, "IMAP"), (web, "web UI") })
        {
            if (!FreePorts.IsFree(port))
            {
                throw new EmulatorStartException(
                    $"smtp4dev cannot start: its {what} port {port} on 127.0.0.1 is already in use. Stop the process using it or choose other ports (ServiceDesk__Mail__Smtp__Port, ServiceDesk__Mail__Imap__Port, --mail-web-port).");
            }
        }

        var psi = NodeTools.WatchdogStartInfo(root);
        psi.Environment["SMTP4DEV_CWD"] = Path.GetDirectoryName(dll)!;
        foreach (var arg in new[]
                 {
                     "-e", Watchdog, "--", "dotnet", dll, "--nousersettings", "--db=", "--urls=" + $"http://127.0.0.1:{web}",
                     "--smtpport=" + smtp, "--imapport=" + imap, "--pop3port=", "--bindaddress=127.0.0.1", "--hostname=localhost",
                     "--messagestokeep=1000",
                 })
        {
            psi.ArgumentList.Add(arg);
        }
        var process = NodeTools.Start(psi, "smtp4dev");
        var output = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) { if (output.Length < 20_000) output.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        var server = new Smtp4devProcess(process, smtp, imap, web);
        var timeout = startTimeout ?? TimeSpan.FromSeconds(60);
        using var exited = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        EventHandler onExit = (_, _) => exited.Cancel();
        process.EnableRaisingEvents = true;
        process.Exited += onExit;
        try
        {
            if (process.HasExited) exited.Cancel();
            var ready = await WaitUntilReadyAsync(server, timeout, exited.Token);
            if (!ready || process.HasExited)
            {
                var cause = process.HasExited ? "exited while starting" : $"did not answer on SMTP {smtp}, IMAP {imap} and {server.WebUrl}/api/messages within {timeout.TotalSeconds:0} s";
                await server.DisposeAsync();
                string details;
                lock (output) details = string.Join(" ", output.ToString().Split('\n').Where(l => l.Contains("ERR") || l.Contains("rror")).Take(3)).Trim();
                throw new EmulatorStartException($"smtp4dev {cause}. {details}".Trim());
            }
        }
        finally
        {
            process.Exited -= onExit;
        }
        return server;
    }

    /// <summary>True when an smtp4dev (or anything speaking its REST API) answers <c>GET /api/messages</c> on the web port.</summary>
    public static async Task<bool> IsServingAsync(int webPort, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{webPort}/api/messages", cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> WaitUntilReadyAsync(Smtp4devProcess server, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            foreach (var port in new[] { server.SmtpPort, server.ImapPort })
            {
                if (!await FreePorts.WaitUntilListeningAsync(port, deadline - DateTime.UtcNow, ct)) return false;
            }
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    using var response = await http.GetAsync(server.WebUrl + "/api/messages", ct);
                    if (response.IsSuccessStatusCode) return true;
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(200, ct);
            }
            return false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested || server.HasExited)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The tool's entry assembly in the NuGet package folder (RID-specific package first), or null.</summary>
    internal static string? FindToolDll(string root)
    {
        var version = ToolVersion(root);
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                       ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        if (!Directory.Exists(packages))
        {
            return null;
        }
        return Directory.GetDirectories(packages, "rnwood.smtp4dev*")
            .Select(d => Path.Combine(d, version, "tools"))
            .Where(Directory.Exists)
            .SelectMany(t => Directory.GetFiles(t, "Rnwood.Smtp4dev.dll", SearchOption.AllDirectories))
            .OrderBy(p => p.Contains(Path.DirectorySeparatorChar + "any" + Path.DirectorySeparatorChar) ? 1 : 0)
            .FirstOrDefault();
    }

    private static string ToolVersion(string root)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, ".config", "dotnet-tools.json")));
        return manifest.RootElement.GetProperty("tools").GetProperty("rnwood.smtp4dev").GetProperty("version").GetString()!;
    }

    private static async Task RestoreToolsAsync(string root, CancellationToken ct)
    {
        var psi = new ProcessStartInfo("dotnet", "tool restore") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        using var restore = Process.Start(psi) ?? throw new EmulatorStartException("Could not run 'dotnet tool restore'.");
        var stderr = restore.StandardError.ReadToEndAsync(ct);
        await restore.StandardOutput.ReadToEndAsync(ct);
        await restore.WaitForExitAsync(ct);
        if (restore.ExitCode != 0)
        {
            throw new EmulatorStartException($"'dotnet tool restore' failed ({restore.ExitCode}): {(await stderr).Trim()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ChildProcesses.StopAsync(_process);
    }
}
