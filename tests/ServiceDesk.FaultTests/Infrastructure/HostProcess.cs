using System.Diagnostics;
using System.Text;

namespace ServiceDesk.FaultTests.Infrastructure;

/// <summary>
/// The local host's Run command as a separate process (<c>dotnet ServiceDesk.LocalHost.dll --port N …</c>, as
/// <c>dotnet run --project functions/ServiceDesk.LocalHost</c> runs it), so a test can SIGKILL it.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly HashSet<int> _family = [];

    private readonly int _pid;

    private HostProcess(Process process, int port)
    {
        _process = process;
        _pid = process.Id;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }
    public int Pid => _pid;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Starts the host and waits until <c>GET /api/health</c> answers 200.</summary>
    public static async Task<HostProcess> StartAsync(int port, IReadOnlyDictionary<string, string?> environment, IEnumerable<string>? arguments = null)
    {
        var psi = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ServiceDesk.LocalHost.dll"));
        psi.ArgumentList.Add("--port");
        psi.ArgumentList.Add(port.ToString());
        foreach (var argument in arguments ?? []) psi.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) psi.Environment[key] = value;

        var host = new HostProcess(Process.Start(psi)!, port);
        host._process.OutputDataReceived += (_, e) => host.Append(e.Data);
        host._process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        host._process.BeginOutputReadLine();
        host._process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (DateTime.UtcNow < deadline && !host.HasExited)
        {
            try
            {
                using var health = await http.GetAsync("api/health");
                if (health.IsSuccessStatusCode)
                {
                    host.RememberFamily();
                    return host;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        var output = host.Output;
        await host.DisposeAsync();
        throw new InvalidOperationException($"The local host did not serve /api/health within 120 s (exited: {host.HasExited}). Output:\n{output}");
    }

    /// <summary>SIGKILL: no handler runs, as with the OOM killer.</summary>
    public async Task KillHardAsync()
    {
        RememberFamily();
        Signals.Send(_process.Id, Signals.Kill);
        await _process.WaitForExitAsync();
    }

    /// <summary>The processes the host started (emulators, their watchdogs) that are still alive.</summary>
    public IReadOnlyList<int> LiveFamily()
    {
        lock (_family) return [.. _family.Where(p => p != _pid && Signals.IsAlive(p) && !IsZombie(p))];
    }

    /// <summary>Waits until every process the host started has exited (true), or the timeout passes (false).</summary>
    public async Task<bool> FamilyGoneAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (LiveFamily().Count > 0)
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(200);
        }
        return true;
    }

    /// <summary>SIGTERM (the host's graceful stop), then SIGKILL of anything of its family still alive.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        RememberFamily();
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, Signals.Terminate);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { Signals.Send(_process.Id, Signals.Kill); }
        }
        await FamilyGoneAsync(TimeSpan.FromSeconds(15));
        foreach (var pid in LiveFamily())
        {
            try { Signals.Send(pid, Signals.Kill); } catch (InvalidOperationException) { }
        }
        _disposed = true;
        _process.Dispose();
    }

    private bool _disposed;

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) if (_output.Length < 200_000) _output.AppendLine(line);
    }

    /// <summary>Records the host's descendants by walking /proc (children are reparented once the host dies, so this is done while it lives).</summary>
    private void RememberFamily()
    {
        if (_disposed || _process.HasExited) return;
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1]);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        lock (_family)
        {
            _family.Add(_pid);
            bool added;
            do
            {
                added = false;
                foreach (var (pid, parent) in parents)
                {
                    if (_family.Contains(parent) && _family.Add(pid)) added = true;
                }
            }
            while (added);
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] == 'Z';
        }
        catch (IOException)
        {
            return true;
        }
    }

    /// <summary>The dotnet host running these tests (set by the SDK), else the first one on PATH.</summary>
    private static string DotnetExecutable()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk)) return fromSdk;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") return Environment.ProcessPath!;
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "dotnet"))
            .FirstOrDefault(File.Exists) ?? "dotnet";
    }
}
