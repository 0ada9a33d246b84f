using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.EndToEndTests.Workflows;

namespace ServiceDesk.EndToEndTests.Surveys;

/// <summary>
/// The survey on the local host with smtp4dev: a resolved ticket's survey mail arrives with five links; opening a link
/// (GET, as a mail scanner would) records nothing; the page's form (POST) records the rating and the comment.
/// </summary>
public sealed partial class SurveyMailTests(MailWorkflowHostFixture f) : IClassFixture<MailWorkflowHostFixture>
{
    [Fact]
    public async Task A_resolved_tickets_survey_mail_links_show_on_get_and_record_on_post()
    {
        const string userId = "u-survey";
        var requester = await f.Api.TokenAsync(new { userId, name = "Stina", email = MailWorkflowHostFixture.Address(userId), customerId = MailWorkflowHostFixture.Customer, roles = new[] { "EndUser" } });
        using var created = await f.Api.SendAsync(HttpMethod.Post, "api/tickets", requester,
            new { kind = "Incident", title = "Skrivaren skriver inte ut", description = "Sedan i morse.", impact = "Low", urgency = "Low" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var number = (await ApiClient.JsonAsync(created)).GetProperty("number").GetString()!;
        using var resolved = await f.Api.SendAsync(HttpMethod.Post, $"api/tickets/{number}/transitions/resolve", f.Agent,
            new { resolutionCode = "Solved", resolutionNotes = "Rensade utskriftskön." }, created.Headers.ETag!.Tag);
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());

        var mail = Assert.Single(await f.MailsAsync(MailWorkflowHostFixture.Address(userId), "Hur nöjd är du?", count: 1, seconds: 90));
        Assert.Contains(number, mail.Subject, StringComparison.Ordinal);
        var links = Link().Matches(mail.TextBody ?? "").Select(m => m.Value).ToList();
        Assert.Equal(5, links.Count);
        var four = links.Single(l => l.EndsWith("&rating=4", StringComparison.Ordinal));

        using var page = await f.Client.GetAsync(new Uri(four).PathAndQuery.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("value=\"4\" checked", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"sv\"", html, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", html, StringComparison.Ordinal);
        var untouched = await SurveyAsync(requester, number);
        Assert.Equal("open", untouched.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, untouched.GetProperty("rating").ValueKind);

        var token = Uri.UnescapeDataString(Token().Match(four).Groups[1].Value);
        using var posted = await f.Client.PostAsync("api/surveys/link", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["rating"] = "4", ["comment"] = "Snabb hjälp, tack!",
        }));
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("Tack", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var answered = await SurveyAsync(requester, number);
        Assert.Equal("answered", answered.GetProperty("status").GetString());
        Assert.Equal(4, answered.GetProperty("rating").GetInt32());
        Assert.Equal("Snabb hjälp, tack!", answered.GetProperty("comment").GetString());

        using var tampered = await f.Client.PostAsync("api/surveys/link", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token[..^3] + "xyz", ["rating"] = "1",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
    }

    private async Task<JsonElement> SurveyAsync(string token, string number)
    {
        using var response = await f.Api.SendAsync(HttpMethod.Get, $"api/tickets/{number}/survey", token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await ApiClient.JsonAsync(response);
    }

    [GeneratedRegex(@"http://\S+/api/surveys/link\?token=\S+&rating=\d")]
    private static partial Regex Link();

    [GeneratedRegex(@"token=([^&\s]+)")]
    private static partial Regex Token();
}
