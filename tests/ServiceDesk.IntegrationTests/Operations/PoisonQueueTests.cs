using System.Text;
using Azure.Storage.Queues;
using ServiceDesk.Functions.Operations;
using ServiceDesk.IntegrationTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.IntegrationTests.Operations;

/// <summary>Poison queues on their own Azurite (queue names are not per test): listed, peeked and redriven by admins only.</summary>
public sealed class PoisonQueueTests : IAsyncLifetime
{
    private AzuriteProcess _azurite = null!;
    private TestApp _app = null!;
    private QueueServiceClient _raw = null!;
    private string _admin = null!;
    private string _agent = null!;

    public async Task InitializeAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(inMemory: true);
        _app = await TestApp.StartAsync(azurite: _azurite);
        _raw = new QueueServiceClient(_azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        _admin = await _app.TokenAsync(new { userId = "admin", name = "Admin", customerId = "supplier", roles = new[] { "Admin" } });
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "*" } });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _azurite.DisposeAsync();
    }

    private PoisonQueuesApi Api => _app.Get<PoisonQueuesApi>();

    [Fact]
    public async Task Poison_messages_are_listed_as_stored_and_redriven_unchanged_to_their_queue()
    {
        var poison = _raw.GetQueueClient("incidents-inbound-poison");
        await poison.CreateIfNotExistsAsync();
        var json = """{"version":"1.0","source":"monitor","customerId":"contoso","title":"Disken är full"}""";
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(json)); // as the host stores it
        await poison.SendMessageAsync(encoded);
        await poison.SendMessageAsync("not base64 {"); // a producer that skipped the encoding

        var listed = await _app.SendAsync(r => Api.List(r), "GET", "/api/operations/poison", token: _admin);
        Assert.Equal(200, listed.Status);
        var counts = listed.Json.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("queue").GetString()!, i => i.GetProperty("approximateMessages").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["incidents-inbound"] = 2, ["mail-outbox"] = 0, ["major-incident-broadcasts"] = 0, ["privacy-jobs"] = 0 }, counts);

        var peeked = await _app.SendAsync(r => Api.Peek(r, "incidents-inbound"), "GET", "/api/operations/poison/incidents-inbound", token: _admin);
        Assert.Equal(200, peeked.Status);
        var items = peeked.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([json, "not base64 {"], items.Select(i => i.GetProperty("body").GetString()));
        Assert.Equal([encoded, "not base64 {"], items.Select(i => i.GetProperty("text").GetString()));

        var redriven = await _app.SendAsync(r => Api.Redrive(r, "incidents-inbound"), "POST", "/api/operations/poison/incidents-inbound/redrive", new { max = 1 }, _admin);
        Assert.Equal(200, redriven.Status);
        Assert.Equal(1, redriven.Json.GetProperty("moved").GetInt32());
        var back = (await _raw.GetQueueClient("incidents-inbound").ReceiveMessagesAsync(32)).Value;
        Assert.Equal([encoded], back.Select(m => m.Body.ToString()));
        var left = (await poison.PeekMessagesAsync(32)).Value;
        Assert.Equal(["not base64 {"], left.Select(m => m.Body.ToString()));

        var rest = await _app.SendAsync(r => Api.Redrive(r, "incidents-inbound"), "POST", "/api/operations/poison/incidents-inbound/redrive", token: _admin);
        Assert.Equal(1, rest.Json.GetProperty("moved").GetInt32());
        Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
    }

    [Fact]
    public async Task Only_admins_and_only_known_queues_and_sizes()
    {
        Assert.Equal(401, (await _app.SendAsync(r => Api.List(r), "GET", "/api/operations/poison")).Status);
        Assert.Equal(403, (await _app.SendAsync(r => Api.List(r), "GET", "/api/operations/poison", token: _agent)).Status);
        Assert.Equal(403, (await _app.SendAsync(r => Api.Redrive(r, "mail-outbox"), "POST", "/api/operations/poison/mail-outbox/redrive", token: _agent)).Status);
        Assert.Equal(404, (await _app.SendAsync(r => Api.Peek(r, "other"), "GET", "/api/operations/poison/other", token: _admin)).Status);
        Assert.Equal(404, (await _app.SendAsync(r => Api.Redrive(r, "other"), "POST", "/api/operations/poison/other/redrive", token: _admin)).Status);
        var tooMany = await _app.SendAsync(r => Api.Peek(r, "mail-outbox"), "GET", "/api/operations/poison/mail-outbox?max=33", token: _admin);
        Assert.Equal(400, tooMany.Status);
        Assert.Contains("max", tooMany.Body);
        Assert.Equal(400, (await _app.SendAsync(r => Api.Redrive(r, "mail-outbox"), "POST", "/api/operations/poison/mail-outbox/redrive", new { max = 0 }, _admin)).Status);
        Assert.Equal(400, (await _app.SendAsync(r => Api.Redrive(r, "mail-outbox"), "POST", "/api/operations/poison/mail-outbox/redrive", new { maximum = 5 }, _admin)).Status);
        var empty = await _app.SendAsync(r => Api.Peek(r, "mail-outbox"), "GET", "/api/operations/poison/mail-outbox", token: _admin);
        Assert.Equal(200, empty.Status);
        Assert.Empty(empty.Json.GetProperty("items").EnumerateArray());
    }
}
