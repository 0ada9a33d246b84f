using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ServiceDesk.RemoteClient;

/// <summary>
/// The reference device client: what an installed remote-support tool does against the ServiceDesk API. It enrols
/// with an enrolment key, keeps the device credential in a state file, sends heartbeats, rotates its credential, polls
/// connection requests, asks the user and posts the answer, and lets the user end a running session. It never sees a
/// grant (only the technician's console does). See functions/ServiceDesk.Application/RemoteSessions/INTEGRATING.md.
/// </summary>
public static class Program
{
    public const string Usage = """
        usage: servicedesk-remote <command> [options]   (state file: --state FILE, default ./device.json)
          enrol --api URL --key KEY --hostname H [--os OS] [--serial S] [--user ID [--user-name N] [--user-email E]]
                                 enrol the device; prints its id and saves the credential to the state file
          heartbeat              tell the service desk the device is alive
          rotate                 replace the device credential (the old one stops working)
          poll [--lang sv|en] [--answer yes|no]
                                 show pending connection requests and send the user's answer (asks on stdin
                                 unless --answer is given)
          end --session ID       end a running remote session as the user
        """;

    public static Task<int> Main(string[] args) => RunAsync(args, Console.In, Console.Out, Console.Error);

    /// <summary>Runs one command; 0 = done, 1 = the API refused or failed, 2 = usage error. <paramref name="handler"/> is for tests.</summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, HttpMessageHandler? handler = null)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await output.WriteLineAsync(Usage);
            return args.Length == 0 ? 2 : 0;
        }
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                await error.WriteLineAsync($"unexpected argument '{args[i]}' (options are --name value)\n{Usage}");
                return 2;
            }
            options[args[i][2..]] = args[++i];
        }
        var statePath = options.GetValueOrDefault("state", "device.json");
        try
        {
            if (args[0] == "enrol")
            {
                return await EnrolAsync(options, statePath, output, error, handler);
            }
            if (!File.Exists(statePath))
            {
                await error.WriteLineAsync($"no device state at {statePath}: run 'enrol' first (or give --state FILE)");
                return 2;
            }
            var state = JsonSerializer.Deserialize<DeviceState>(await File.ReadAllTextAsync(statePath), Json)
                ?? throw new InvalidDataException($"{statePath} is empty");
            using var http = Client(options.GetValueOrDefault("api", state.Api), handler);
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Device", state.Credential);
            var device = Uri.EscapeDataString(state.DeviceId);
            switch (args[0])
            {
                case "heartbeat":
                {
                    var seen = await CallAsync(http, HttpMethod.Post, $"api/devices/{device}/heartbeat", new { }, error);
                    if (seen is null) return 1;
                    await output.WriteLineAsync($"{state.DeviceId} {seen["status"]} last seen {seen["lastSeenAt"]}");
                    return 0;
                }
                case "rotate":
                {
                    var rotated = await CallAsync(http, HttpMethod.Post, $"api/devices/{device}/credential", new { }, error);
                    if (rotated is null) return 1;
                    await SaveAsync(statePath, state with { Credential = rotated["credential"]!.GetValue<string>() });
                    await output.WriteLineAsync($"{state.DeviceId} credential rotated; saved to {statePath}");
                    return 0;
                }
                case "poll":
                    return await PollAsync(http, state, options, input, output, error);
                case "end":
                {
                    if (!options.TryGetValue("session", out var session))
                    {
                        await error.WriteLineAsync("end needs --session ID");
                        return 2;
                    }
                    var ended = await CallAsync(http, HttpMethod.Post, $"api/remote-sessions/{Uri.EscapeDataString(session)}/end", new { }, error);
                    if (ended is null) return 1;
                    await output.WriteLineAsync($"{session} {ended["status"]} (ended by {ended["endedBy"]})");
                    return 0;
                }
                default:
                    await error.WriteLineAsync($"unknown command '{args[0]}'\n{Usage}");
                    return 2;
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException or JsonException or UriFormatException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> EnrolAsync(Dictionary<string, string> o, string statePath, TextWriter output, TextWriter error, HttpMessageHandler? handler)
    {
        if (!o.TryGetValue("api", out var api) || !o.TryGetValue("key", out var key) || !o.TryGetValue("hostname", out var hostname))
        {
            await error.WriteLineAsync("enrol needs --api URL --key KEY --hostname H");
            return 2;
        }
        var user = o.TryGetValue("user", out var userId)
            ? new DeviceUser(userId, o.GetValueOrDefault("user-name"), o.GetValueOrDefault("user-email"))
            : null;
        using var http = Client(api, handler);
        var enrolled = await CallAsync(http, HttpMethod.Post, "api/devices/enrol", new
        {
            enrolmentKey = key,
            hostname,
            os = o.GetValueOrDefault("os", RuntimeInformation.OSDescription),
            hardwareId = o.GetValueOrDefault("serial", hostname),
            signedInUser = user,
        }, error);
        if (enrolled is null) return 1;
        var state = new DeviceState(api, enrolled["deviceId"]!.GetValue<string>(), enrolled["customerId"]!.GetValue<string>(),
            enrolled["credential"]!.GetValue<string>(), user);
        await SaveAsync(statePath, state);
        await output.WriteLineAsync(state.DeviceId);
        return 0;
    }

    private static async Task<int> PollAsync(HttpClient http, DeviceState state, Dictionary<string, string> o, TextReader input, TextWriter output, TextWriter error)
    {
        var lang = o.TryGetValue("lang", out var l) ? "?lang=" + Uri.EscapeDataString(l) : "";
        var answer = o.GetValueOrDefault("answer");
        if (answer is not (null or "yes" or "no"))
        {
            await error.WriteLineAsync("--answer is yes or no");
            return 2;
        }
        var device = Uri.EscapeDataString(state.DeviceId);
        var pending = await CallAsync(http, HttpMethod.Get, $"api/devices/{device}/connection-requests{lang}", null, error);
        if (pending is null) return 1;
        var items = pending["items"]!.AsArray();
        if (items.Count == 0)
        {
            await output.WriteLineAsync("no pending connection requests");
            return 0;
        }
        var failed = false;
        foreach (var item in items)
        {
            var requestId = item!["requestId"]!.GetValue<string>();
            var sv = item["language"]?.GetValue<string>() == "sv";
            await output.WriteLineAsync($"[{requestId}] {item["prompt"]} ({(sv ? "svara senast" : "answer by")} {item["answerBy"]})");
            bool approve;
            if (answer is not null)
            {
                approve = answer == "yes";
                await output.WriteLineAsync($"{(sv ? "j/n" : "y/n")}: {(approve ? (sv ? "j" : "y") : "n")}");
            }
            else
            {
                await output.WriteAsync(sv ? "j/n: " : "y/n: ");
                var line = (await input.ReadLineAsync())?.Trim().ToLowerInvariant();
                approve = line is "y" or "yes" or "j" or "ja";   // anything else, or no input, is a no
            }
            var decided = await CallAsync(http, HttpMethod.Post, $"api/devices/{device}/connection-requests/{Uri.EscapeDataString(requestId)}/decision",
                new { approve, userId = state.User?.UserId, userName = state.User?.Name }, error);
            if (decided is null)
            {
                failed = true;
                continue;
            }
            await output.WriteLineAsync($"{requestId} {decided["status"]}");
        }
        return failed ? 1 : 0;
    }

    private static HttpClient Client(string api, HttpMessageHandler? handler)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = new Uri(api.TrimEnd('/') + "/");
        http.Timeout = TimeSpan.FromSeconds(30);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("servicedesk-remote/1.0");
        return http;
    }

    /// <summary>The answer as JSON, or null after writing the problem (status, title, detail, code) to <paramref name="error"/>.</summary>
    private static async Task<JsonNode?> CallAsync(HttpClient http, HttpMethod method, string path, object? body, TextWriter error)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (response.IsSuccessStatusCode)
        {
            return JsonNode.Parse(text);
        }
        var problem = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : null;
        var reason = problem?["reason"]?["en"] ?? problem?["detail"] ?? problem?["title"];
        await error.WriteLineAsync($"{method} {path}: {(int)response.StatusCode} {problem?["code"]} {reason}".Replace("  ", " ", StringComparison.Ordinal));
        return null;
    }

    private static async Task SaveAsync(string path, DeviceState state)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllTextAsync(full, JsonSerializer.Serialize(state, Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);   // the credential is a secret
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    private sealed record DeviceUser(string UserId, string? Name, string? Email);

    private sealed record DeviceState(string Api, string DeviceId, string CustomerId, string Credential, DeviceUser? User);
}
