using System.ComponentModel;
using System.Diagnostics;

namespace ServiceDesk.LocalHost.Emulators;

/// <summary>Finds Node.js and installs the repository's npm packages.</summary>
public static class NodeTools
{
    public static string NodeExecutable() => "node";

    /// <summary>Start info for a Node watchdog script: stdin kept open by us (closing it stops the child), output captured.</summary>
    public static ProcessStartInfo WatchdogStartInfo(string workingDirectory) => new(NodeExecutable())
    {
        WorkingDirectory = workingDirectory,
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };

    public static Process Start(ProcessStartInfo psi, string what)
    {
        try
        {
            return Process.Start(psi) ?? throw new EmulatorStartException($"{what} could not be started.");
        }
        catch (Win32Exception ex)
        {
            throw new EmulatorStartException(
                $"{what} needs '{psi.FileName}', which could not be run ({ex.Message}). Install Node.js 20 or later and make sure it is on PATH.");
        }
    }

    /// <summary>
    /// Runs <c>npm ci</c> unless <paramref name="installedFile"/> exists, holding a lock file in the repository root so
    /// that processes starting at once (test projects run in parallel) install once instead of racing on node_modules.
    /// </summary>
    public static async Task NpmCiOnceAsync(string root, string installedFile, CancellationToken cancellationToken)
    {
        var lockPath = Path.Combine(root, ".npm-ci.lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            FileStream? held = null;
            try
            {
                held = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, cancellationToken);
                continue;
            }
            await using (held)
            {
                if (!File.Exists(installedFile))
                {
                    await NpmCiAsync(root, cancellationToken);
                }
                return;
            }
        }
    }

    public static async Task NpmCiAsync(string root, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("npm")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Start(psi, "npm ci");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new EmulatorStartException(
                $"'npm ci' failed with exit code {process.ExitCode} in {root}: {(await stderr).Trim()} {(await stdout).Trim()}".Trim());
        }
    }
}
