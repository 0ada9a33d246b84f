using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using MimeKit;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.EndToEndTests.MajorIncidents;

/// <summary>
/// The local host as <c>dotnet run</c> serves it (real timers and queue functions) over its own Azurite, sending through
/// smtp4dev, with an on-duty address for alert-storm proposals (<c>ServiceDesk__MajorIncidents__OnDutyAddresses</c>).
/// </summary>
public sealed class MajorIncidentHostFixture : IAsyncLifetime
{
    public const string Customer = "mi-e2e";
    public const string OnDuty = "on-duty@servicedesk.local";
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public AzuriteProcess Azurite { get; private set; } = null!;
    public Smtp4devProcess Mail { get; private set; } = null!;
    public LocalFunctionsHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public ApiClient Api { get; private set; } = null!;
    public string Admin { get; private set; } = null!;
    public string Agent { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartAsync();
        Mail = await Smtp4devProcess.StartAsync();
        var options = TestHosts.Options(Azurite, "MajorIncidentHub", TestHosts.NeverDuringTests);
        var s = options.Settings;
        s["ServiceDesk__Mail__Smtp__Host"] = "127.0.0.1";
        s["ServiceDesk__Mail__Smtp__Port"] = Mail.SmtpPort.ToString();
        s["ServiceDesk__Mail__Smtp__Security"] = "None";
        s["ServiceDesk__Mail__Imap__Host"] = "127.0.0.1";
        s["ServiceDesk__Mail__Imap__Port"] = Mail.ImapPort.ToString();
        s["ServiceDesk__Mail__Imap__Security"] = "None";
        s["ServiceDesk__MajorIncidents__OnDutyAddresses"] = OnDuty;
        Host = await LocalFunctionsHost.StartAsync(options);
        Client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Api = new ApiClient(Client);
        Admin = await Api.TokenAsync(new { userId = "admin1", name = "Ada Admin", customerId = "supplier", roles = new[] { "Admin" } });
        Agent = await Api.TokenAsync(new { userId = "agent1", name = "Axel Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });
        await Api.PutCustomerAsync(Customer);
    }

    public static string Address(string userId) => $"{userId}@{Customer}.se";

    public async Task<JsonElement> SendOkAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var response = await Api.SendAsync(method, path, token, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public Task<JsonElement> GetAsync(string path, string? token = null) => SendOkAsync(HttpMethod.Get, path, token ?? Agent);

    public Task<JsonElement> TicketAsync(string number) => GetAsync($"api/tickets/{number}");

    public async Task<List<JsonElement>> ActivityAsync(string number) =>
        (await GetAsync($"api/tickets/{number}/activity?pageSize=100")).GetProperty("items").EnumerateArray().ToList();

    /// <summary>Puts an intake message on <c>incidents-inbound</c> as another service does: JSON, base64 for the queue trigger.</summary>
    public async Task EnqueueIntakeAsync(object message)
    {
        var queue = new QueueClient(Azurite.ConnectionString, "incidents-inbound", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(new BinaryData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message))));
    }

    /// <summary>Mails smtp4dev received for <paramref name="to"/> whose subject contains <paramref name="subjectPart"/>, once there are <paramref name="count"/>.</summary>
    public Task<List<MimeMessage>> MailsAsync(string to, string subjectPart, int count = 1, int seconds = 60) =>
        Eventually.ReturnsAsync(() => MailsNowAsync(to, subjectPart), l => l.Count >= count, TimeSpan.FromSeconds(seconds),
            $"{count} mail(s) to {to} about {subjectPart} in smtp4dev");

    public async Task<List<MimeMessage>> MailsNowAsync(string to, string subjectPart)
    {
        var page = await Http.GetFromJsonAsync<JsonElement>($"{Mail.WebUrl}/api/messages?searchTerms={Uri.EscapeDataString(to)}&pageSize=500");
        var list = new List<MimeMessage>();
        foreach (var summary in page.GetProperty("results").EnumerateArray())
        {
            var raw = await Http.GetByteArrayAsync($"{Mail.WebUrl}/api/messages/{summary.GetProperty("id").GetString()}/download");
            var message = MimeMessage.Load(new MemoryStream(raw));
            if (message.To.Mailboxes.Any(m => string.Equals(m.Address, to, StringComparison.OrdinalIgnoreCase)) && (message.Subject ?? "").Contains(subjectPart, StringComparison.Ordinal))
            {
                list.Add(message);
            }
        }
        return list;
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (Host is not null) await Host.StopAsync();
        if (Mail is not null) await Mail.DisposeAsync();
        if (Azurite is not null) await Azurite.DisposeAsync();
    }
}
