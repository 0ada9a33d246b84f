using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Storage.Queues;
using ServiceDesk.EndToEndTests.Infrastructure;

namespace ServiceDesk.EndToEndTests.Operations;

/// <summary>A message the intake gave up on, sent back by an admin over HTTP, becomes a ticket through the real queue trigger.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class PoisonRedriveTests(LocalHostFixture fixture)
{
    private const string Customer = "poisoned";
    private readonly ApiClient _api = new(fixture.Client);

    [Fact]
    public async Task A_redriven_poison_message_is_processed_by_the_intake_queue_function()
    {
        await _api.PutCustomerAsync(Customer);
        var admin = await _api.TokenAsync(new { userId = "admin1", name = "Ada Admin", customerId = "supplier", roles = new[] { "Admin" } });
        // As the host leaves it after its attempts: the original (base64) text in incidents-inbound-poison.
        var message = JsonSerializer.Serialize(new
        {
            schemaVersion = "1.0", source = "zabbix-prod", sourceId = "event-" + Guid.NewGuid().ToString("N")[..8], customerId = Customer,
            title = "Disk almost full on fileserver02", description = "Free space on D: is below 5 %.", severity = "high",
            service = "File storage", configurationItem = "fileserver02", occurredAt = DateTimeOffset.UtcNow, correlationKey = "fileserver02/disk-d",
        });
        var poison = new QueueClient(fixture.Azurite.ConnectionString, "incidents-inbound-poison");
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(message)));

        using (var peeked = await _api.SendAsync(HttpMethod.Get, "api/operations/poison/incidents-inbound", admin))
        {
            Assert.Equal(HttpStatusCode.OK, peeked.StatusCode);
            var bodies = (await ApiClient.JsonAsync(peeked)).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("body").GetString());
            Assert.Contains(message, bodies);
        }
        using (var redriven = await _api.SendAsync(HttpMethod.Post, "api/operations/poison/incidents-inbound/redrive", admin))
        {
            Assert.Equal(HttpStatusCode.OK, redriven.StatusCode);
            Assert.True((await ApiClient.JsonAsync(redriven)).GetProperty("moved").GetInt32() >= 1);
        }

        var tickets = await Eventually.ReturnsAsync(
            async () =>
            {
                using var response = await _api.SendAsync(HttpMethod.Get, $"api/tickets?customerId={Customer}", admin);
                return (await ApiClient.JsonAsync(response)).GetProperty("items").EnumerateArray().ToList();
            },
            items => items.Count > 0, TimeSpan.FromSeconds(60), "the redriven message's ticket");
        var ticket = Assert.Single(tickets);
        Assert.Equal("Disk almost full on fileserver02", ticket.GetProperty("title").GetString());
        Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
    }
}
