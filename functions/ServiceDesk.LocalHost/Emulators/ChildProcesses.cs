using System.Diagnostics;

namespace ServiceDesk.LocalHost.Emulators;

/// <summary>Stopping the emulators the local host and the tests start.</summary>
public static class ChildProcesses
{
    /// <summary>Kills the process and everything it started, waits for it, and releases it; a process that already exited is fine.</summary>
    /// <summary>
    /// SIGTERM, then SIGKILL if the process has not exited within <paramref name="timeout"/> (Windows: kill at once).
    /// Azurite saves what it acknowledged on SIGTERM; a kill loses its last seconds of writes.
    /// </summary>
    public static async Task TerminateAsync(Process process, TimeSpan timeout)
    {
        try
        {
            if (!process.HasExited && !OperatingSystem.IsWindows() && Kill(process.Id, 15) == 0)
            {
                using var wait = new CancellationTokenSource(timeout);
                try
                {
                    await process.WaitForExitAsync(wait.Token);
                }
                catch (OperationCanceledException)
                {
                    // Did not stop in time: killed below.
                }
            }
        }
        catch (InvalidOperationException)
        {
            // The process already exited.
        }
        await StopAsync(process);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // The process already exited.
        }
        process.Dispose();
    }
}
