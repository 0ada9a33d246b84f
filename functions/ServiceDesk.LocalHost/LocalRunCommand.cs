using System.Net;
using System.Runtime.InteropServices;
using ServiceDesk.LocalHost.Configuration;
using ServiceDesk.LocalHost.Discovery;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;
using ServiceDesk.LocalHost.Http;

namespace ServiceDesk.LocalHost;

/// <summary>
/// The README's Run command: creates local.settings.json on first run, starts Azurite (data in .azurite/ at the
/// repository root) unless one already serves the configured ports, starts the local host and prints its URLs.
/// Ctrl+C (or SIGTERM) stops everything. Failures print one line naming the cause and the fix, and exit non-zero.
/// </summary>
public static class LocalRunCommand
{
    private const int DevBlobPort = 10000, DevQueuePort = 10001, DevTablePort = 10002;
    private const int DevSmtpPort = 2525, DevImapPort = 1143, DevMailWebPort = 5080;

    public static async Task<int> RunAsync(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        var started = System.Diagnostics.Stopwatch.StartNew();
        AzuriteProcess? azurite = null;
        Smtp4devProcess? smtp4dev = null;
        LocalFunctionsHost? host = null;
        try
        {
            var root = RepositoryRoot.Find();
            var functionsFolder = Path.Combine(root, "functions", "ServiceDesk.Functions");
            var settingsPath = Path.Combine(functionsFolder, "local.settings.json");
            if (LocalSettingsFile.EnsureExists(settingsPath, Path.Combine(functionsFolder, "local.settings.example.json")))
            {
                Console.WriteLine($"Created {Path.GetRelativePath(root, settingsPath)} from local.settings.example.json (git-ignored; keys generated).");
            }
            var local = LocalSettingsFile.Load(settingsPath);
            var port = ParsePort(args) ?? local.LocalHttpPort ?? 7071;
            if (!FreePorts.IsFree(port))
            {
                return Fail($"port {port} is already in use (another local host or Core Tools?). Stop that process or run with --port <number>.");
            }

            var storage = Environment.GetEnvironmentVariable(StorageConnections.DefaultSetting)
                          ?? local.Values.GetValueOrDefault(StorageConnections.DefaultSetting);
            azurite = await StartAzuriteIfNeededAsync(root, storage, stop.Token);

            var mail = await StartSmtp4devIfNeededAsync(local.Values, args, stop.Token);
            smtp4dev = mail?.Started;

            var options = new LocalHostOptions { HttpPort = port };
            foreach (var (key, value) in local.Values)
            {
                options.Settings[key] = value;
            }
            if (mail is { } m)
            {
                foreach (var (key, value) in MailSettings(m.SmtpPort, m.ImapPort))
                {
                    options.Settings.TryAdd(key, value);
                }
            }
            host = await LocalFunctionsHost.StartAsync(options, stop.Token);
            PrintUrls(host, started.Elapsed);

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("Stopping...");
            }
            return 0;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 130;
        }
        catch (EmulatorStartException ex)
        {
            return Fail(ex.Message);
        }
        catch (IOException ex) when (ex.InnerException is System.Net.Sockets.SocketException || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            return Fail($"could not listen on the HTTP port: {ex.Message} Stop the process using it or run with --port <number>.");
        }
        catch (Exception ex) when (args.Contains("--verbose") is false)
        {
            // Top-level of a CLI: report the cause in one line instead of a stack trace.
            return Fail($"{ex.Message} ({ex.GetType().Name}; run with --verbose for details)");
        }
        finally
        {
            if (host is not null) await host.StopAsync();
            if (smtp4dev is not null) await smtp4dev.DisposeAsync();
            if (azurite is not null) await azurite.DisposeAsync();
        }
    }

    private static async Task<AzuriteProcess?> StartAzuriteIfNeededAsync(string root, string? storage, CancellationToken cancellationToken)
    {
        if (!TryGetLocalStoragePorts(storage, out var blob, out var queue, out var table))
        {
            Console.WriteLine("AzureWebJobsStorage does not point at a local emulator: Azurite is not started.");
            return null;
        }
        var listening = new[] { blob, queue, table }.Where(p => !FreePorts.IsFree(p)).ToList();
        if (listening.Count == 3)
        {
            Console.WriteLine($"Azurite: using the emulator already listening on 127.0.0.1:{blob}/{queue}/{table}.");
            return null;
        }
        if (listening.Count > 0)
        {
            throw new EmulatorStartException(
                $"Azurite cannot start: port {listening[0]} is already in use by another process. Stop it, or point AzureWebJobsStorage at other ports in local.settings.json.");
        }
        var location = Path.Combine(root, ".azurite");
        var azurite = await AzuriteProcess.StartAsync(location, blob, queue, table, cancellationToken: cancellationToken);
        Console.WriteLine($"Azurite: started on 127.0.0.1:{blob}/{queue}/{table} (blob/queue/table), data in {Path.GetRelativePath(root, location)}/");
        return azurite;
    }

    /// <summary>
    /// The local mail server: smtp4dev on 127.0.0.1, SMTP <c>ServiceDesk__Mail__Smtp__Port</c> (2525), IMAP
    /// <c>ServiceDesk__Mail__Imap__Port</c> (1143), web UI <c>--mail-web-port</c> (5080). Not started with <c>--no-mail</c>
    /// or when local.settings.json points the SMTP host elsewhere.
    /// </summary>
    private static async Task<(Smtp4devProcess? Started, int SmtpPort, int ImapPort)?> StartSmtp4devIfNeededAsync(IReadOnlyDictionary<string, string?> values, string[] args, CancellationToken cancellationToken)
    {
        var host = Environment.GetEnvironmentVariable("ServiceDesk__Mail__Smtp__Host") ?? values.GetValueOrDefault("ServiceDesk__Mail__Smtp__Host");
        if (args.Contains("--no-mail") || (!string.IsNullOrEmpty(host) && host is not ("127.0.0.1" or "localhost")))
        {
            Console.WriteLine("Mail: the local mail server is not started (--no-mail, or ServiceDesk__Mail__Smtp__Host points elsewhere).");
            return null;
        }
        int Setting(string name, int fallback) =>
            int.TryParse(Environment.GetEnvironmentVariable(name) ?? values.GetValueOrDefault(name), out var p) && p is > 0 and < 65536 ? p : fallback;
        var smtp = Setting("ServiceDesk__Mail__Smtp__Port", DevSmtpPort);
        var imap = Setting("ServiceDesk__Mail__Imap__Port", DevImapPort);
        var web = ParseOption(args, "--mail-web-port") ?? DevMailWebPort;
        // The smtp4dev of a host that was killed a moment ago is still being stopped by its watchdog: give it time to
        // release the ports. One that keeps them and answers smtp4dev's API (started by hand, or by another tool) is used.
        var busy = await FreePorts.WaitUntilFreeAsync([smtp, imap, web], TimeSpan.FromSeconds(10), cancellationToken);
        if (busy.Count == 3 && await Smtp4devProcess.IsServingAsync(web, cancellationToken))
        {
            Console.WriteLine($"Mail: using the smtp4dev already serving on SMTP 127.0.0.1:{smtp}, IMAP 127.0.0.1:{imap}; sent mail at http://127.0.0.1:{web}");
            return (null, smtp, imap);
        }
        var server = await Smtp4devProcess.StartAsync(smtp, imap, web, cancellationToken: cancellationToken);
        Console.WriteLine($"Mail: smtp4dev started, SMTP 127.0.0.1:{smtp}, IMAP 127.0.0.1:{imap}; sent mail at {server.WebUrl}");
        return (server, smtp, imap);
    }

    internal static IEnumerable<(string Key, string Value)> MailSettings(int smtpPort, int imapPort) =>
    [
        ("ServiceDesk__Mail__Smtp__Host", "127.0.0.1"),
        ("ServiceDesk__Mail__Smtp__Port", smtpPort.ToString()),
        ("ServiceDesk__Mail__Smtp__Security", "None"),
        ("ServiceDesk__Mail__Imap__Host", "127.0.0.1"),
        ("ServiceDesk__Mail__Imap__Port", imapPort.ToString()),
        ("ServiceDesk__Mail__Imap__Security", "None"),
        // Problem candidates are announced to this (made-up) problem manager, visible in smtp4dev like every mail.
        ("ServiceDesk__Problems__ManagerAddresses", "problem-managers@servicedesk.local"),
    ];

    /// <summary>Recognises <c>UseDevelopmentStorage=true</c> and explicit loopback endpoints in a connection string.</summary>
    internal static bool TryGetLocalStoragePorts(string? connectionString, out int blob, out int queue, out int table)
    {
        (blob, queue, table) = (DevBlobPort, DevQueuePort, DevTablePort);
        if (string.IsNullOrWhiteSpace(connectionString)) return false;
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && dev.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        int? Port(string key) =>
            parts.TryGetValue(key, out var endpoint) && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            && (uri.IsLoopback || uri.Host == "localhost") ? uri.Port : null;
        if (Port("BlobEndpoint") is { } b && Port("QueueEndpoint") is { } q && Port("TableEndpoint") is { } t)
        {
            (blob, queue, table) = (b, q, t);
            return true;
        }
        return false;
    }

    private static int? ParsePort(string[] args) => ParseOption(args, "--port");

    private static int? ParseOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0) return null;
        if (index + 1 < args.Length && int.TryParse(args[index + 1], out var port) && port is > 0 and < 65536) return port;
        throw new ArgumentException($"{name} needs a number between 1 and 65535.");
    }

    private static void PrintUrls(LocalFunctionsHost host, TimeSpan elapsed)
    {
        Console.WriteLine();
        Console.WriteLine($"ServiceDesk local host started in {elapsed.TotalSeconds:0.0} s. Functions:");
        foreach (var function in host.Functions)
        {
            switch (function.Trigger)
            {
                case HttpTriggerBinding http:
                    var methods = http.Methods is { Count: > 0 } m ? string.Join(",", m.Select(x => x.ToUpperInvariant())) : "ALL";
                    Console.WriteLine($"  {function.Name}: [{methods}] {host.BaseAddress}{HttpFunctionEndpoints.RouteTemplate(function, host.HostSettings.RoutePrefix)}");
                    break;
                case UnsupportedTriggerBinding unsupported:
                    Console.WriteLine($"  {function.Name}: {unsupported.Type} (not supported by the local host: not running)");
                    break;
                default:
                    Console.WriteLine($"  {function.Name}: {function.Trigger.Type}");
                    break;
            }
        }
        Console.WriteLine();
        Console.WriteLine("Press Ctrl+C to stop.");
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
