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
