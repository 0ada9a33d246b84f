using System.Net;
using ServiceDesk.EndToEndTests.Infrastructure;

namespace ServiceDesk.EndToEndTests.Tickets;

/// <summary>The README's walk-through over real HTTP: token, customer, create, read, edit with If-Match, comment, work to closed.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class TicketFlowTests(LocalHostFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Client);

    [Fact]
    public async Task A_ticket_goes_from_create_to_closed_over_HTTP_with_etags()
    {
        await _api.PutCustomerAsync("contoso");
        var anna = await _api.TokenAsync(new { userId = "u1", name = "Anna", email = "anna@contoso.se", customerId = "contoso", roles = new[] { "Agent" } });

        using var created = await _api.SendAsync(HttpMethod.Post, "api/tickets", anna, new
        {
            kind = "Incident",
            customerId = "contoso",
            requester = new { id = "u2", name = "Bo Berg", email = "bo@contoso.se" },
            title = "Printer on floor 3 does not print",
            description = "Jobs are stuck in the queue since this morning.",
            impact = "Medium",
            urgency = "High",
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"{(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        var location = created.Headers.Location!.ToString();
        var etag = created.Headers.ETag!.Tag;
        var number = (await ApiClient.JsonAsync(created)).GetProperty("number").GetString()!;
        Assert.EndsWith("/api/tickets/" + number, location);

        using var read = await _api.SendAsync(HttpMethod.Get, location.TrimStart('/'), anna);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(etag, read.Headers.ETag!.Tag);

        using var updated = await _api.SendAsync(HttpMethod.Patch, $"api/tickets/{number}", anna, new { urgency = "Low" }, etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(etag, updated.Headers.ETag!.Tag);
        etag = updated.Headers.ETag!.Tag;

        using var stale = await _api.SendAsync(HttpMethod.Patch, $"api/tickets/{number}", anna, new { urgency = "High" }, created.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        using var commented = await _api.SendAsync(HttpMethod.Post, $"api/tickets/{number}/comments", anna, new { text = "Restarted the spooler." }, etag);
        Assert.Equal(HttpStatusCode.OK, commented.StatusCode);
        etag = commented.Headers.ETag!.Tag;

        foreach (var (action, body) in new (string, object?)[]
                 {
                     ("assign", new { group = "Service Desk L1", assigneeId = "u1", assigneeName = "Anna" }),
                     ("start", null),
                     ("resolve", new { resolutionCode = "Solved", resolutionNotes = "Cleared the print queue." }),
                     ("close", null),
                 })
        {
            using var step = await _api.SendAsync(HttpMethod.Post, $"api/tickets/{number}/transitions/{action}", anna, body, etag);
            Assert.True(step.StatusCode == HttpStatusCode.OK, $"{action}: {(int)step.StatusCode} {await step.Content.ReadAsStringAsync()}");
            etag = step.Headers.ETag!.Tag;
        }

        using var final = await _api.SendAsync(HttpMethod.Get, $"api/tickets/{number}", anna);
        Assert.Equal("closed", (await ApiClient.JsonAsync(final)).GetProperty("status").GetString());
    }
}
