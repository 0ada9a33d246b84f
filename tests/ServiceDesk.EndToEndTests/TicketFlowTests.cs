using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ServiceDesk.EndToEndTests.Infrastructure;

namespace ServiceDesk.EndToEndTests;

/// <summary>The README's walk-through over real HTTP: token, customer, create, read, edit with If-Match, comment, work to closed.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class TicketFlowTests(LocalHostFixture fixture)
{
    [Fact]
    public async Task A_ticket_goes_from_create_to_closed_over_HTTP_with_etags()
    {
        var admin = await TokenAsync(new { userId = "admin1", name = "Ada Admin", customerId = "supplier", roles = new[] { "Admin" } });
        using (var customer = await SendAsync(HttpMethod.Put, "api/customers/contoso", admin,
                   new { name = "Contoso", emailDomains = new[] { "contoso.se" }, defaultLanguage = "sv" }))
        {
            Assert.Equal(HttpStatusCode.OK, customer.StatusCode);
        }
        var anna = await TokenAsync(new { userId = "u1", name = "Anna", email = "anna@contoso.se", customerId = "contoso", roles = new[] { "Agent" } });

        using var created = await SendAsync(HttpMethod.Post, "api/tickets", anna, new
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
        var number = (await JsonAsync(created)).GetProperty("number").GetString()!;
        Assert.EndsWith("/api/tickets/" + number, location);

        using var read = await SendAsync(HttpMethod.Get, location.TrimStart('/'), anna);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(etag, read.Headers.ETag!.Tag);

        using var updated = await SendAsync(HttpMethod.Patch, $"api/tickets/{number}", anna, new { urgency = "Low" }, etag);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(etag, updated.Headers.ETag!.Tag);
        etag = updated.Headers.ETag!.Tag;

        using var stale = await SendAsync(HttpMethod.Patch, $"api/tickets/{number}", anna, new { urgency = "High" }, created.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);

        using var commented = await SendAsync(HttpMethod.Post, $"api/tickets/{number}/comments", anna, new { text = "Restarted the spooler." }, etag);
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
            using var step = await SendAsync(HttpMethod.Post, $"api/tickets/{number}/transitions/{action}", anna, body, etag);
            Assert.True(step.StatusCode == HttpStatusCode.OK, $"{action}: {(int)step.StatusCode} {await step.Content.ReadAsStringAsync()}");
            etag = step.Headers.ETag!.Tag;
        }

        using var final = await SendAsync(HttpMethod.Get, $"api/tickets/{number}", anna);
        Assert.Equal("closed", (await JsonAsync(final)).GetProperty("status").GetString());
    }

    private async Task<string> TokenAsync(object claims)
    {
        using var response = await fixture.Client.PostAsJsonAsync("api/dev/token", claims);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await JsonAsync(response)).GetProperty("token").GetString()!;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string token, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue(ifMatch));
        if (body is not null) request.Content = JsonContent.Create(body);
        return await fixture.Client.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
