using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.LocalHost.Tests.RunCommand;

/// <summary>
/// The Run command's failure modes, run as a child process like a user would: one line naming the cause and
/// the fix on stderr, a non-zero exit, no stack trace, no hang.
/// </summary>
public sealed class RunCommandFailureTests
{
    [Fact]
    public async Task A_busy_HTTP_port_gives_one_clear_line_and_exit_code_1()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var result = await RunAsync(["--port", port.ToString()], UnusedStorage());

        AssertOneLineFailure(result, $"port {port} is already in use");
    }

    [Fact]
    public async Task Missing_Node_js_gives_one_clear_line_and_exit_code_1()
    {
        var dotnetOnly = Directory.CreateTempSubdirectory("servicedesk-nonode-");
        try
        {
            File.CreateSymbolicLink(Path.Combine(dotnetOnly.FullName, "dotnet"), DotnetExecutable());
            var environment = UnusedStorage();
            environment["PATH"] = dotnetOnly.FullName;

            var result = await RunAsync(["--port", FreePorts.Next().ToString()], environment);

            AssertOneLineFailure(result, "Node.js");
        }
        finally
        {
            dotnetOnly.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Azurite_failing_to_start_gives_one_clear_line_and_exit_code_1()
    {
        var environment = UnusedStorage();
        environment["NODE_OPTIONS"] = "--no-such-node-option";

        var result = await RunAsync(["--port", FreePorts.Next().ToString()], environment);

        AssertOneLineFailure(result, "Azurite exited while starting");
    }

    private static Dictionary<string, string?> UnusedStorage() => new()
    {
        // Loopback ports nobody listens on, so the command has to start its own Azurite.
        ["AzureWebJobsStorage"] = AzuriteProcess.BuildConnectionString(FreePorts.Next(), FreePorts.Next(), FreePorts.Next()),
    };

    private static void AssertOneLineFailure((int ExitCode, string StdErr) result, string expected)
    {
        Assert.Equal(1, result.ExitCode);
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one line on stderr, got: " + result.StdErr);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", result.StdErr);
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

    private static async Task<(int ExitCode, string StdErr)> RunAsync(string[] args, Dictionary<string, string?> environment)
    {
        var psi = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ServiceDesk.LocalHost.dll"));
        foreach (var arg in args) psi.ArgumentList.Add(arg);
        foreach (var (key, value) in environment) psi.Environment[key] = value;

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The Run command hung instead of failing. stdout: " + await stdout);
        }
        return (process.ExitCode, await stderr);
    }
}
