using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.IntegrationTests.Mail;

/// <summary>One real smtp4dev per test process, on free ports, stopped when the process exits; helpers for its REST API.</summary>
public static class SharedSmtp4dev
{
    private static readonly HttpClient Http = new();

    private static readonly Lazy<Task<Smtp4devProcess>> Instance = new(async () =>
    {
        var server = await Smtp4devProcess.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    });

    public static Task<Smtp4devProcess> GetAsync() => Instance.Value;

    /// <summary>The messages smtp4dev received for <paramref name="search"/> (a recipient address), newest first, parsed.</summary>
    public static async Task<List<MimeMessage>> MessagesAsync(Smtp4devProcess server, string search)
    {
        var page = await Http.GetFromJsonAsync<JsonElement>($"{server.WebUrl}/api/messages?searchTerms={Uri.EscapeDataString(search)}&pageSize=1000");
        var list = new List<MimeMessage>();
        foreach (var summary in page.GetProperty("results").EnumerateArray())
        {
            var raw = await Http.GetByteArrayAsync($"{server.WebUrl}/api/messages/{summary.GetProperty("id").GetString()}/download");
            var message = MimeMessage.Load(new MemoryStream(raw));
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, search, StringComparison.OrdinalIgnoreCase)))
            {
                list.Add(message);
            }
        }
        return list;
    }

    public static async Task<List<MimeMessage>> WaitForAsync(Smtp4devProcess server, string search, int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var messages = await MessagesAsync(server, search);
            if (messages.Count >= count || DateTime.UtcNow > deadline)
            {
                return messages;
            }
            await Task.Delay(200);
        }
    }
}
