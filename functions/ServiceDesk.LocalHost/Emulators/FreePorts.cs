using System.Net;
using System.Net.Sockets;

namespace ServiceDesk.LocalHost.Emulators;

public static class FreePorts
{
    /// <summary>Asks the OS for a free loopback port.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits until every port is free or the timeout passes; returns the ports still in use. For an emulator of a host
    /// that was just killed: its watchdog stops it, and it releases its ports a moment later.
    /// </summary>
    public static async Task<IReadOnlyList<int>> WaitUntilFreeAsync(IReadOnlyList<int> ports, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var busy = ports.Where(p => !IsFree(p)).ToList();
            if (busy.Count == 0 || DateTime.UtcNow >= deadline) return busy;
            await Task.Delay(200, cancellationToken);
        }
    }

    public static async Task<bool> WaitUntilListeningAsync(int port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
        return false;
    }
}
