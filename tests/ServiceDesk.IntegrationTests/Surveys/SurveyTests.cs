using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Application.Surveys;
using ServiceDesk.Domain.Common;
using ServiceDesk.Functions.ProblemManagement;
using ServiceDesk.Functions.Surveys;
using ServiceDesk.Infrastructure.Events;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Surveys;

/// <summary>
/// The satisfaction survey on Azurite: a resolution writes one survey mail to the outbox (however often the event is
/// dispatched), the requester answers and changes the answer within the window and gets 409 after it (fake clock), a
/// low rating mails the group and can reopen the ticket, the mailed links show on GET and record on POST, and another
/// customer's user sees nothing.
/// </summary>
public sealed class SurveyTests : IAsyncLifetime
{
    // Near the real time: development tokens are minted on the fake clock and checked against the real one.
    private static readonly DateTimeOffset Start = new(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private TestApp _app = null!;
    private Api _api = null!;
    private string _agent = null!, _anna = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(s => s["ServiceDesk:Mail:Smtp:Host"] = "127.0.0.1", s => s.AddSingleton<TimeProvider>(_clock));
        await _app.SeedCustomerAsync("contoso");
        await _app.SeedCustomerAsync("fabrikam");
        await _app.Get<IServiceLevelStore>().PutGroupAsync(
            new AssignmentGroup("l1", "Service Desk L1", "l1@supplier.se", Language.Sv, null, null, Start), CancellationToken.None);
        _api = new Api(_app);
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        _anna = await _app.TokenAsync(new { userId = "r-100", name = "Åsa Öberg", email = "asa.oberg@contoso.se", customerId = "contoso", roles = new[] { "EndUser" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> ResolvedTicketAsync()
    {
        var created = await _api.Create(_agent, Api.OnBehalf("contoso"));
        Assert.True(created.Status == 201, created.ToString());
        var number = created.Get("number");
        await _api.Step(_agent, number, "assign", new { group = "l1", assigneeId = "a-erik", assigneeName = "Erik" });
        await _api.Step(_agent, number, "resolve", new { resolutionCode = "Solved", resolutionNotes = "Nytt lösenord." });
        return number;
    }

    private Task<ApiResponse> GetSurvey(string token, string number) =>
        _app.SendAsync(r => _app.Get<SurveysApi>().Get(r, number), "GET", $"/api/tickets/{number}/survey", token: token);

    private Task<ApiResponse> PutSurvey(string token, string number, object body) =>
        _app.SendAsync(r => _app.Get<SurveysApi>().Put(r, number), "PUT", $"/api/tickets/{number}/survey", body, token);

    [Fact]
    public async Task A_resolution_writes_one_survey_mail_with_five_signed_links()
    {
        var number = await ResolvedTicketAsync();

        await _app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);
        await _app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);

        var mails = (await _app.Get<IMailOutbox>().ListAsync(null, 1000, CancellationToken.None)).Where(m => m.TicketNumber == number && m.Template == "survey").ToList();
        var mail = Assert.Single(mails);
        Assert.Equal("asa.oberg@contoso.se", mail.To);
        Assert.Contains("Hur nöjd är du?", mail.Subject);
        for (var rating = 1; rating <= 5; rating++)
        {
            Assert.Contains($"/api/surveys/link?token=", mail.Body);
            Assert.Contains($"&rating={rating}", mail.Body);
        }
    }

    [Fact]
    public async Task The_requester_answers_and_changes_within_the_window_and_not_after()
    {
        var number = await ResolvedTicketAsync();

        var open = await GetSurvey(_anna, number);
        Assert.True(open.Status == 200, open.ToString());
        Assert.Equal("open", open.Get("status"));
        Assert.Equal(JsonValueKind.Null, open.Json.GetProperty("rating").ValueKind);
        Assert.Equal(JsonValueKind.Null, open.Json.GetProperty("answeredAt").ValueKind);
        Assert.Equal(Start.AddDays(7), open.Json.GetProperty("changeableUntil").GetDateTimeOffset());

        var answered = await PutSurvey(_anna, number, new { rating = 4, comment = "Snabbt!" });
        Assert.True(answered.Status == 200, answered.ToString());
        Assert.Equal("answered", answered.Get("status"));

        _clock.Advance(TimeSpan.FromDays(6));
        var changed = await PutSurvey(_anna, number, new { rating = 5 });
        Assert.True(changed.Status == 200, changed.ToString());
        Assert.Equal(5, (await GetSurvey(_anna, number)).Json.GetProperty("rating").GetInt32());

        _clock.Advance(TimeSpan.FromDays(1));
        var late = await PutSurvey(_anna, number, new { rating = 3 });
        Assert.Equal(409, late.Status);
        Assert.Equal("survey.closed", late.Get("code"));
        var closed = await GetSurvey(_anna, number);
        Assert.Equal("closed", closed.Get("status"));
        Assert.Equal(5, closed.Json.GetProperty("rating").GetInt32());
    }

    [Fact]
    public async Task A_bad_rating_is_a_coded_field_error_and_only_the_requester_answers()
    {
        var number = await ResolvedTicketAsync();

        var bad = await PutSurvey(_anna, number, new { rating = 6 });
        Assert.Equal(400, bad.Status);
        var error = bad.Json.GetProperty("fieldErrors")[0];
        Assert.Equal("rating.range", error.GetProperty("code").GetString());
        Assert.Equal(5, error.GetProperty("args").GetProperty("max").GetInt32());

        var byAgent = await PutSurvey(_agent, number, new { rating = 5 });
        Assert.Equal(403, byAgent.Status);
        Assert.Equal(200, (await GetSurvey(_agent, number)).Status);

        var other = await _app.TokenAsync(new { userId = "f-1", name = "Fia", email = "fia@fabrikam.se", customerId = "fabrikam", roles = new[] { "EndUser" } });
        Assert.Equal(404, (await GetSurvey(other, number)).Status);
        Assert.Equal(404, (await PutSurvey(other, number, new { rating = 1 })).Status);
    }

    [Fact]
    public async Task A_ticket_not_yet_resolved_has_no_survey()
    {
        var created = await _api.Create(_agent, Api.OnBehalf("contoso"));
        var missing = await GetSurvey(_anna, created.Get("number"));
        Assert.Equal(404, missing.Status);
        Assert.Equal("survey.notFound", missing.Get("code"));
    }

    [Fact]
    public async Task A_low_rating_mails_the_group_and_reopens_on_request()
    {
        var number = await ResolvedTicketAsync();

        var low = await PutSurvey(_anna, number, new { rating = 1, comment = "Fungerar fortfarande inte.", reopen = true });
        Assert.True(low.Status == 200, low.ToString());

        var ticket = await _api.Get(_agent, number);
        Assert.Equal("inProgress", ticket.Get("status"));
        var mails = (await _app.Get<IMailOutbox>().ListAsync(null, 1000, CancellationToken.None)).Where(m => m.TicketNumber == number && m.Template == "survey-low-rating").ToList();
        var mail = Assert.Single(mails);
        Assert.Equal("l1@supplier.se", mail.To);
        Assert.Contains("1/5", mail.Subject);
        Assert.Contains("Fungerar fortfarande inte.", mail.Body);
        var activity = (await _api.Activity(_agent, number)).Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(activity, a => a.GetProperty("type").GetString() == "internalNote" && a.GetProperty("data").GetProperty("event").GetString() == "lowRating");
        var reopened = activity.Last(a => a.GetProperty("type").GetString() == "statusChanged");
        Assert.Contains("Öppnat igen", reopened.GetProperty("text").GetString());
        Assert.Contains("Reopened", reopened.GetProperty("text").GetString());

        // Open again: the answer stays readable; a new resolution restarts the window with the same answer.
        _clock.Advance(TimeSpan.FromDays(10));
        await _api.Step(_agent, number, "resolve", new { resolutionCode = "Solved", resolutionNotes = "Bytte nätverkskort." });
        var again = await GetSurvey(_anna, number);
        Assert.Equal("answered", again.Get("status"));
        Assert.Equal(1, again.Json.GetProperty("rating").GetInt32());
        Assert.Equal(Start.AddDays(17), again.Json.GetProperty("changeableUntil").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_mailed_link_shows_on_get_and_records_on_post()
    {
        var number = await ResolvedTicketAsync();
        var token = _app.Get<SurveyLinkSigner>().Sign(new SurveyLinkClaims(number, "r-100", Start.AddDays(7)));
        var api = _app.Get<SurveyLinkApi>();

        var shown = await _app.SendAsync(r => api.Show(r), "GET", $"/api/surveys/link?token={Uri.EscapeDataString(token)}&rating=4");
        Assert.Equal(200, shown.Status);
        Assert.Contains("value=\"4\" checked", shown.Body);
        Assert.Contains("lang=\"sv\"", shown.Body);
        Assert.Contains("lang=\"en\"", shown.Body);
        var untouched = await GetSurvey(_anna, number);
        Assert.Equal("open", untouched.Get("status"));
        Assert.Equal(JsonValueKind.Null, untouched.Json.GetProperty("rating").ValueKind);

        var posted = await _app.SendAsync(r => api.Use(r), "POST", "/api/surveys/link",
            $"token={Uri.EscapeDataString(token)}&rating=4&comment={Uri.EscapeDataString("Bra hjälp")}", contentType: "application/x-www-form-urlencoded");
        Assert.True(posted.Status == 200, posted.ToString());
        Assert.Contains("Tack", posted.Body);
        var survey = await GetSurvey(_anna, number);
        Assert.Equal(4, survey.Json.GetProperty("rating").GetInt32());
        Assert.Equal("Bra hjälp", survey.Get("comment"));

        var tampered = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        var refused = await _app.SendAsync(r => api.Use(r), "POST", "/api/surveys/link",
            $"token={Uri.EscapeDataString(tampered)}&rating=1", contentType: "application/x-www-form-urlencoded");
        Assert.Equal(400, refused.Status);
        Assert.Contains("Länken kan inte användas", refused.Body);

        _clock.Advance(TimeSpan.FromDays(8));
        var expired = await _app.SendAsync(r => api.Show(r), "GET", $"/api/surveys/link?token={Uri.EscapeDataString(token)}&rating=2");
        Assert.Equal(410, expired.Status);
        Assert.Equal(4, (await GetSurvey(_anna, number)).Json.GetProperty("rating").GetInt32());
    }

    [Fact]
    public async Task Statistics_count_each_answer_once_per_customer_group_and_period()
    {
        var first = await ResolvedTicketAsync();
        var second = await ResolvedTicketAsync();
        var third = await ResolvedTicketAsync();
        Assert.Equal(200, (await PutSurvey(_anna, first, new { rating = 2 })).Status);
        Assert.Equal(200, (await PutSurvey(_anna, first, new { rating = 5 })).Status);   // changed: counted once, as 5
        Assert.Equal(200, (await PutSurvey(_anna, second, new { rating = 4 })).Status);
        Assert.Equal(200, (await PutSurvey(_anna, third, new { rating = 1 })).Status);

        var day = Start.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var stats = await _app.SendAsync(r => _app.Get<StatisticsApi>().Get(r), "GET", $"/api/stats?customerId=contoso&from={day}&to={day}", token: _agent);
        Assert.True(stats.Status == 200, stats.ToString());
        var csat = stats.Json.GetProperty("csat");
        Assert.Equal(3, csat.GetProperty("responses").GetInt64());
        Assert.Equal(3.33, csat.GetProperty("average").GetDouble());
        Assert.Equal([1L, 0L, 0L, 1L, 1L], csat.GetProperty("distribution").EnumerateArray().Select(v => v.GetInt64()));
        Assert.Equal(1, csat.GetProperty("low").GetInt64());
        var group = Assert.Single(csat.GetProperty("groups").EnumerateArray());
        Assert.Equal("l1", group.GetProperty("group").GetString());
        Assert.Equal(3, group.GetProperty("responses").GetInt64());

        var before = Start.AddDays(-3).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = Start.AddDays(-1).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var earlier = await _app.SendAsync(r => _app.Get<StatisticsApi>().Get(r), "GET", $"/api/stats?customerId=contoso&from={before}&to={yesterday}", token: _agent);
        Assert.Equal(0, earlier.Json.GetProperty("csat").GetProperty("responses").GetInt64());
    }
}
