using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ServiceDesk.FaultTests.Infrastructure;

/// <summary>
/// A minimal SMTP server that requires authentication and refuses every credential: AUTH answers 535 5.7.8, MAIL FROM
/// without authentication 530 5.7.0 (as Exchange Online or ACS answer wrong or missing credentials).
/// </summary>
public sealed class RefusingSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _authAttempts;
    private int _mailAttempts;

    public RefusingSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int AuthAttempts => Volatile.Read(ref _authAttempts);
    public int MailAttempts => Volatile.Read(ref _mailAttempts);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 refusing.test ESMTP");
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ')[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250-refusing.test");
                            await writer.WriteLineAsync("250 AUTH PLAIN LOGIN");
                            break;
                        case "HELO":
                            await writer.WriteLineAsync("250 refusing.test");
                            break;
                        case "AUTH":
                            Interlocked.Increment(ref _authAttempts);
                            await writer.WriteLineAsync("535 5.7.8 Authentication credentials invalid");
                            break;
                        case "MAIL":
                            Interlocked.Increment(ref _mailAttempts);
                            await writer.WriteLineAsync("530 5.7.0 Authentication required");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 2.0.0 Bye");
                            return;
                        default:
                            await writer.WriteLineAsync("503 5.5.1 Bad sequence of commands");
                            break;
                    }
                }
            }
            catch (IOException) { }
            catch (OperationCanceledException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
