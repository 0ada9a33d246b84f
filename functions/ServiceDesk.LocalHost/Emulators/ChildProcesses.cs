using System.Diagnostics;

namespace ServiceDesk.LocalHost.Emulators;

/// <summary>Stopping the emulators the local host and the tests start.</summary>
public static class ChildProcesses
{
    /// <summary>Kills the process and everything it started, waits for it, and releases it; a process that already exited is fine.</summary>
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
