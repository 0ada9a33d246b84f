using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Application.Staff;
using ServiceDesk.Domain.Common;
using ServiceDesk.Functions.ProblemManagement;
using ServiceDesk.Infrastructure.Events;
using ServiceDesk.Infrastructure.Problems;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.ServiceLevels;

/// <summary>
/// The clocks and escalations on Azurite with the app's clock under the test's control: pause and resume, what GET
/// shows, the list filters, and each escalation step exactly once under two timer runs at the same moment.
/// </summary>
public sealed class SlaClockAndEscalationTests : IAsyncLifetime
{
    // Tokens are checked against the real clock, so the test's clock starts at the real time (whole minutes).
    private static readonly DateTimeOffset Start = new(DateTimeOffset.UtcNow.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private TestApp _app = null!;
    private Api _api = null!;
    private ServiceLevelsApiClient _admin = null!;
    private string _adminToken = null!;
    private string _agent = null!;
    private string _user = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(s => s["ServiceDesk:Mail:Smtp:Host"] = "127.0.0.1", services => services.AddSingleton<TimeProvider>(_clock));
        await _app.SeedCustomerAsync("contoso");
        _api = new Api(_app);
        _admin = new ServiceLevelsApiClient(_app);
        _adminToken = await _app.TokenAsync("admin1", "supplier", "Admin");
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        _user = await _app.TokenAsync("u1", "contoso", "EndUser");
        await _app.Get<IStaffDirectory>().UpsertAsync(new StaffMember("boss", "Britt Boss", "boss@supplier.se", Language.En, [ServiceDesk.Application.Security.Role.Agent], ["contoso"], Start), CancellationToken.None);
        Assert.Equal(200, (await _admin.PutGroup(_adminToken, "l2", new { name = "Second line", email = "l2@supplier.se", language = "en" })).Status);
        Assert.Equal(200, (await _admin.PutGroup(_adminToken, "l1", new { name = "First line", email = "l1@supplier.se", managerId = "boss", nextLineGroup = "l2" })).Status);
        Assert.Equal(200, (await _admin.PutRouting(_adminToken, "contoso", new { fallbackGroup = "l1" })).Status);
        Assert.Equal(200, (await _admin.PutPolicies(_adminToken, "contoso", new
        {
            serviceManager = new { name = "Siv", email = "siv@contoso.se", language = "sv" },
            policies = new object[]
            {
                new
                {
                    name = "round-the-clock", calendar = "24x7", firstResponse = "00:30:00", resolution = "04:00:00",
                    escalation = new object[]
                    {
                        new { percent = 50, level = "Functional" },
                        new { percent = 75, level = "Hierarchical" },
                        new { percent = 100, level = "Hierarchical", moveToGroup = "next-line" },
                    },
                },
            },
        })).Status);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_resolution_clock_pauses_while_waiting_for_the_customer_and_continues_from_its_elapsed_time()
    {
        var number = await CreateAsync("Skrivaren skriver inte ut");
        var created = await _api.Get(_agent, number);
        Assert.Equal("l1", created.Get("assignmentGroup"));                       // the fallback route
        Assert.Equal(Start.AddHours(4), Due(created, "Resolution"));
        Assert.Equal(Start.AddMinutes(30), Due(created, "FirstResponse"));

        _clock.Advance(TimeSpan.FromMinutes(20));
        await _api.Step(_agent, number, "start");                                // first response after 20 minutes: met
        _clock.Advance(TimeSpan.FromMinutes(40));
        await _api.Step(_agent, number, "pend", new { reason = "WaitingForCustomer", note = "Vilken skrivare?" });
        _clock.Advance(TimeSpan.FromHours(3));
        var paused = await _api.Get(_agent, number);
        var resolution = Target(paused, "Resolution");
        Assert.True(resolution.GetProperty("paused").GetBoolean());
        Assert.Equal("01:00:00", resolution.GetProperty("elapsed").GetString());
        Assert.False(resolution.TryGetProperty("dueAt", out var dueAt) && dueAt.ValueKind != System.Text.Json.JsonValueKind.Null);   // no due time while paused
        Assert.Equal("Met", Target(paused, "FirstResponse").GetProperty("outcome").GetString());

        await _api.Step(_agent, number, "start");                                // resumes 3 h later with 3 h left
        var resumed = await _api.Get(_agent, number);
        Assert.Equal(_clock.GetUtcNow().AddHours(3), Due(resumed, "Resolution"));
        Assert.Equal(25, Target(resumed, "Resolution").GetProperty("percentUsed").GetInt32());

        var dueSoon = await _api.List(_agent, $"?customerId=contoso&dueBefore={Uri.EscapeDataString(_clock.GetUtcNow().AddHours(3.5).ToString("O"))}");
        Assert.Contains(number, dueSoon.Body, StringComparison.Ordinal);
        var dueNow = await _api.List(_agent, $"?customerId=contoso&dueBefore={Uri.EscapeDataString(_clock.GetUtcNow().AddHours(1).ToString("O"))}");
        Assert.DoesNotContain(number, dueNow.Body, StringComparison.Ordinal);
        Assert.Equal(400, (await _api.List(_agent, "?dueBefore=soon")).Status);
    }

    [Fact]
    public async Task Each_escalation_step_is_taken_once_when_two_timers_run_at_the_same_moment()
    {
        var number = await CreateAsync("VPN fungerar inte");
        await _api.Step(_agent, number, "start");
        var escalations = _app.Get<SlaEscalations>();
        var other = ActivatorUtilities.CreateInstance<SlaEscalations>(_app.Services);   // a second timer instance

        _clock.Advance(TimeSpan.FromHours(2).Add(TimeSpan.FromMinutes(1)));            // 50 % of 4 h
        await Task.WhenAll(escalations.RunAsync(CancellationToken.None), other.RunAsync(CancellationToken.None));
        var steps = await EscalationsAsync(number);
        Assert.Single(steps);
        Assert.Equal(("Functional", "50"), (steps[0].GetProperty("data").GetProperty("level").GetString(), steps[0].GetProperty("data").GetProperty("percent").GetString()));
        Assert.Equal("sv:l1@supplier.se", steps[0].GetProperty("data").GetProperty("notified").GetString());

        // The breach is counted in the servicedesk.sla.breaches metric (the meter is process-wide: other tests may add to it).
        var breaches = 0L;
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServiceDeskTelemetry.SourceName && instrument.Name == ServiceDeskTelemetry.Metrics.SlaBreaches)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == ServiceDeskTelemetry.Reason && (string?)tag.Value == "Resolution")
                {
                    Interlocked.Add(ref breaches, value);
                }
            }
        });
        listener.Start();

        _clock.Advance(TimeSpan.FromHours(2));                                          // past 75 % and 100 %
        await Task.WhenAll(escalations.RunAsync(CancellationToken.None), other.RunAsync(CancellationToken.None));
        await Task.WhenAll(escalations.RunAsync(CancellationToken.None), other.RunAsync(CancellationToken.None));
        Assert.True(Interlocked.Read(ref breaches) >= 1, "the resolution breach was not counted");
        steps = await EscalationsAsync(number);
        Assert.Equal(["50", "75", "100"], steps.Select(s => s.GetProperty("data").GetProperty("percent").GetString()));
        Assert.Equal("sv:l1@supplier.se,en:boss@supplier.se,sv:siv@contoso.se", steps[1].GetProperty("data").GetProperty("notified").GetString());
        Assert.Equal("l2", steps[2].GetProperty("data").GetProperty("movedTo").GetString());
        var activity = (await _api.Activity(_agent, number)).Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Single(activity, a => a.GetProperty("type").GetString() == "slaBreached");

        var ticket = await _api.Get(_agent, number);
        Assert.Equal("l2", ticket.Get("assignmentGroup"));
        Assert.Equal("Breached", Target(ticket, "Resolution").GetProperty("outcome").GetString());
        Assert.Contains(number, (await _api.List(_agent, "?customerId=contoso&slaBreached=true")).Body, StringComparison.Ordinal);
        Assert.DoesNotContain(number, (await _api.List(_agent, "?customerId=contoso&slaBreached=false")).Body, StringComparison.Ordinal);
        // Every step taken: nothing left in the due index for this ticket.
        var due = await _app.Get<ISlaDueIndex>().ListDueAsync(_clock.GetUtcNow().AddYears(1), 100, CancellationToken.None);
        Assert.DoesNotContain(due, d => d.Number == number);

        // The mails follow from the recorded steps through the event outbox: one per recipient and step, in their language.
        await _app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);
        var mails = (await _app.Get<IMailOutbox>().ListAsync(null, 500, CancellationToken.None)).Where(m => m.TicketNumber == number && m.Template == "sla-escalation").ToList();
        Assert.Equal(1 + 3 + 4, mails.Count);   // 50 %: the group; 75 %: the group, its manager, the service manager; 100 %: those and the next-line group
        Assert.Contains(mails, m => m.To == "l2@supplier.se" && m.Body.Contains("moved to the group l2", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == "boss@supplier.se" && m.Subject.Contains("Escalation: 75 % of the resolution target used", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.To == "siv@contoso.se" && m.Subject.Contains("Eskalering: 75 % av tiden för lösning har gått", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_paused_ticket_is_not_escalated_and_its_due_entry_is_dropped()
    {
        var number = await CreateAsync("Behörighet saknas");
        await _api.Step(_agent, number, "start");
        await _api.Step(_agent, number, "pend", new { reason = "WaitingForCustomer" });
        _clock.Advance(TimeSpan.FromHours(10));
        var result = await _app.Get<SlaEscalations>().RunAsync(CancellationToken.None);
        Assert.Empty(await EscalationsAsync(number));
        var due = await _app.Get<ISlaDueIndex>().ListDueAsync(_clock.GetUtcNow().AddYears(1), 100, CancellationToken.None);
        Assert.DoesNotContain(due, d => d.Number == number);
        Assert.True(result.Due <= 1);
    }

    [Fact]
    public async Task Statistics_show_compliance_per_target_for_the_priority()
    {
        var inTime = await CreateAsync("Musen fungerar inte");
        _clock.Advance(TimeSpan.FromMinutes(10));
        await _api.Step(_agent, inTime, "start");
        _clock.Advance(TimeSpan.FromHours(1));
        await _api.Step(_agent, inTime, "resolve", new { resolutionCode = "Solved", resolutionNotes = "Ny mus." });
        var late = await CreateAsync("Skärmen är svart");
        _clock.Advance(TimeSpan.FromHours(5));
        await _api.Step(_agent, late, "start");                                   // first response after 5 h: breached
        await _api.Step(_agent, late, "resolve", new { resolutionCode = "Solved", resolutionNotes = "Ny kabel." });
        _clock.Advance(TimeSpan.FromMinutes(10));
        await _app.Get<StatisticsUpdater>().RunAsync("contoso", CancellationToken.None);

        var from = Start.UtcDateTime.ToString("yyyy-MM-dd");
        var to = Start.AddDays(1).UtcDateTime.ToString("yyyy-MM-dd");
        var stats = await _app.SendAsync(r => _app.Get<StatisticsApi>().Get(r), "GET", $"/api/stats?customerId=contoso&from={from}&to={to}&dimension=priority", token: _agent);
        Assert.True(stats.Status == 200, stats.ToString());
        var high = stats.Json.GetProperty("values").EnumerateArray().Single(v => v.GetProperty("value").GetString() == "2").GetProperty("sla");   // Medium impact × High urgency
        Assert.Equal((1, 1, 0.5), Figures(high.GetProperty("firstResponse")));
        Assert.Equal((1, 1, 0.5), Figures(high.GetProperty("resolution")));
        Assert.Equal(0, high.GetProperty("vendor").GetProperty("met").GetInt32());
    }

    private static (int, int, double) Figures(System.Text.Json.JsonElement c) =>
        (c.GetProperty("met").GetInt32(), c.GetProperty("breached").GetInt32(), c.GetProperty("rate").GetDouble());

    private async Task<string> CreateAsync(string title)
    {
        var created = await _api.Create(_user, Api.Incident(title));
        Assert.Equal(201, created.Status);
        return created.Get("number");
    }

    private async Task<List<System.Text.Json.JsonElement>> EscalationsAsync(string number) =>
        (await _api.Activity(_agent, number)).Json.GetProperty("items").EnumerateArray()
            .Where(a => a.GetProperty("type").GetString() == "slaEscalated").ToList();

    private static System.Text.Json.JsonElement Target(ApiResponse ticket, string kind) =>
        ticket.Json.GetProperty("sla").GetProperty("targets").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == kind);

    private static DateTimeOffset Due(ApiResponse ticket, string kind) => Target(ticket, kind).GetProperty("dueAt").GetDateTimeOffset();
}
