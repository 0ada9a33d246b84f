using System.Net;
using System.Text.Json;
using ServiceDesk.EndToEndTests.Infrastructure;

namespace ServiceDesk.EndToEndTests.Tickets;

/// <summary>Problems carry stable codes whose Swedish and English texts the API serves; activity notes read in both languages.</summary>
[Collection(LocalHostCollection.Name)]
public sealed class ProblemTextsTests(LocalHostFixture fixture)
{
    private readonly ApiClient _api = new(fixture.Client);

    [Fact]
    public async Task A_too_long_title_is_a_coded_field_error_whose_texts_the_api_serves_in_swedish_and_english()
    {
        await _api.PutCustomerAsync("codes");
        var anna = await _api.TokenAsync(new { userId = "u-codes", name = "Anna", email = "anna@codes.se", customerId = "codes", roles = new[] { "EndUser" } });

        using var refused = await _api.SendAsync(HttpMethod.Post, "api/tickets", anna, new
        {
            kind = "Incident", title = new string('x', 201), description = "Too long a title.", impact = "Low", urgency = "Low",
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await ApiClient.JsonAsync(refused);
        Assert.Equal("validation.failed", problem.GetProperty("code").GetString());
        var error = problem.GetProperty("fieldErrors").EnumerateArray().Single(e => e.GetProperty("field").GetString() == "title");
        Assert.Equal("title.tooLong", error.GetProperty("code").GetString());
        Assert.Equal("tooLong", error.GetProperty("rule").GetString());
        Assert.Equal(200, error.GetProperty("args").GetProperty("max").GetInt32());
        Assert.Equal("'title' must be at most 200 characters (got 201).", error.GetProperty("message").GetString());
        Assert.Contains("'title' must be at most 200 characters (got 201).",
            problem.GetProperty("errors").GetProperty("title").EnumerateArray().Select(m => m.GetString()));

        using var texts = await fixture.Client.GetAsync("api/texts");
        await OpenApiContract.AssertMatchesAsync(fixture.Client, HttpMethod.Get, "api/texts", texts);
        Assert.Equal(HttpStatusCode.OK, texts.StatusCode);
        var catalog = await ApiClient.JsonAsync(texts);
        var rule = catalog.GetProperty("fieldRules").GetProperty("tooLong");
        Assert.Contains("{max}", rule.GetProperty("sv").GetString());
        Assert.Contains("{max}", rule.GetProperty("en").GetString());
        Assert.Equal("Rubrik", catalog.GetProperty("fields").GetProperty("title").GetProperty("sv").GetString());
        Assert.False(string.IsNullOrEmpty(catalog.GetProperty("problems").GetProperty("validation.failed").GetProperty("sv").GetString()));

        using var again = new HttpRequestMessage(HttpMethod.Get, "api/texts");
        again.Headers.IfNoneMatch.Add(texts.Headers.ETag!);
        using var notModified = await fixture.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task A_missing_ticket_is_a_coded_problem()
    {
        await _api.PutCustomerAsync("codes");
        var anna = await _api.TokenAsync(new { userId = "u-codes", name = "Anna", email = "anna@codes.se", customerId = "codes", roles = new[] { "EndUser" } });

        using var missing = await _api.SendAsync(HttpMethod.Get, "api/tickets/INC-999999", anna);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("ticket.notFound", (await ApiClient.JsonAsync(missing)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task System_written_activity_notes_read_in_swedish_and_english()
    {
        await _api.PutCustomerAsync("codes");
        var agent = await _api.TokenAsync(new { userId = "a-codes", name = "Erik", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "codes" } });
        using var created = await _api.SendAsync(HttpMethod.Post, "api/tickets", agent, new
        {
            kind = "Incident", customerId = "codes", requester = new { id = "u-codes", name = "Anna", email = "anna@codes.se" },
            title = "Mail does not sync", description = "Since this morning.", impact = "Low", urgency = "Low",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var number = (await ApiClient.JsonAsync(created)).GetProperty("number").GetString()!;
        using var resolved = await _api.SendAsync(HttpMethod.Post, $"api/tickets/{number}/transitions/resolve", agent,
            new { resolutionCode = "Solved", resolutionNotes = "Re-added the account." }, created.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);

        var anna = await _api.TokenAsync(new { userId = "u-codes", name = "Anna", email = "anna@codes.se", customerId = "codes", roles = new[] { "EndUser" } });
        using var activity = await _api.SendAsync(HttpMethod.Get, $"api/tickets/{number}/activity", anna);

        Assert.Equal(HttpStatusCode.OK, activity.StatusCode);
        var items = (await ApiClient.JsonAsync(activity)).GetProperty("items").EnumerateArray().ToList();
        var statusChange = items.Single(i => i.GetProperty("type").GetString() == "statusChanged"
                                              && i.GetProperty("data").GetProperty("to").GetString() == "Resolved");
        Assert.Equal("activity.status.resolved", statusChange.GetProperty("code").GetString());
        Assert.Equal("Status ändrad till Löst.", statusChange.GetProperty("texts").GetProperty("sv").GetString());
        Assert.Equal("Status changed to Resolved.", statusChange.GetProperty("texts").GetProperty("en").GetString());
        Assert.All(items.Where(i => i.GetProperty("type").GetString() != "comment"),
            i => Assert.Equal(JsonValueKind.Object, i.GetProperty("texts").ValueKind));
    }
}
