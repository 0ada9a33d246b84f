using ServiceDesk.Application.Intake;
using ServiceDesk.Application.Mail;
using ServiceDesk.Functions.Intake;
using ServiceDesk.IntegrationTests.Infrastructure;
using ServiceDesk.IntegrationTests.Intake;
using ServiceDesk.IntegrationTests.Mail;

namespace ServiceDesk.IntegrationTests.ServiceLevels;

/// <summary>Routing on create from every channel — portal, phone, queue and mail — through the channels' own entry points.</summary>
public sealed class RoutingTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private Api _api = null!;
    private string _agent = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        await _app.SeedCustomerAsync("contoso");
        _api = new Api(_app);
        _agent = await _app.TokenAsync(new { userId = "a-erik", name = "Erik", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
        var admin = await _app.TokenAsync("admin1", "supplier", "Admin");
        var settings = new ServiceLevelsApiClient(_app);
        foreach (var group in new[] { "network", "hardware", "monitoring", "servicedesk" })
        {
            Assert.Equal(200, (await settings.PutGroup(admin, group, new { name = group })).Status);
        }
        var rules = await settings.PutRouting(admin, "contoso", new
        {
            fallbackGroup = "servicedesk",
            rules = new object[]
            {
                new { name = "alerts", channel = "Queue", group = "monitoring", impact = "High" },
                new { name = "vpn", keywords = new[] { "vpn", "fjärråtkomst" }, group = "network" },
                new { name = "printers", keywords = new[] { "skrivaren", "printer" }, group = "hardware" },
            },
        });
        Assert.Equal(200, rules.Status);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_portal_ticket_is_routed_by_keyword_and_the_rule_is_in_the_activity_log()
    {
        var user = await _app.TokenAsync("u1", "contoso", "EndUser");
        var created = await _api.Create(user, Api.Incident("VPN kopplar ner hela tiden"));
        Assert.Equal(201, created.Status);
        await AssertRoutedAsync(created.Get("number"), "network", "vpn");
    }

    [Fact]
    public async Task A_phone_ticket_no_rule_matches_goes_to_the_fallback_group()
    {
        var created = await _api.Create(_agent, new
        {
            kind = "Incident", title = "Ny skärm behövs", description = "Ringde in.", customerId = "contoso",
            requester = new { name = "Olle", email = "olle@contoso.se" },
        });
        Assert.Equal(201, created.Status);
        Assert.Equal("phone", created.Get("channel"));
        await AssertRoutedAsync(created.Get("number"), "servicedesk", "fallback");
    }

    [Fact]
    public async Task A_queue_alert_is_routed_by_its_channel_and_the_rule_raises_its_impact()
    {
        var result = await _app.Get<IncidentIntake>().HandleAsync(IntakeMessages.Firing("contoso", "evt-route-1", "Disk full on db01"),
            new IntakeDelivery(IncidentQueueFunction.Transport, "m-route-1", 1), CancellationToken.None);
        Assert.Equal(IntakeOutcome.Created, result.Outcome);
        var ticket = await AssertRoutedAsync(result.TicketNumber!, "monitoring", "alerts");
        Assert.Equal("high", ticket.Get("impact"));
    }

    [Fact]
    public async Task A_mail_is_routed_by_a_keyword_in_its_subject()
    {
        var result = await _app.Get<MailIngestion>().IngestAsync(MailTestApp.Mail(
            "Anna Svensson <anna@contoso.se>", "Skrivaren på plan 3 är trasig", "route-mail-1@contoso.se", "Den blinkar rött."), "test", CancellationToken.None);
        Assert.Equal("created", result.Action);
        await AssertRoutedAsync(result.TicketNumber!, "hardware", "printers");
    }

    [Fact]
    public async Task An_agent_can_override_the_routed_group()
    {
        var user = await _app.TokenAsync("u2", "contoso", "EndUser");
        var number = (await _api.Create(user, Api.Incident("Printer jams"))).Get("number");
        await _api.Step(_agent, number, "assign", new { group = "network" });
        Assert.Equal("network", (await _api.Get(_agent, number)).Get("assignmentGroup"));
    }

    private async Task<ApiResponse> AssertRoutedAsync(string number, string group, string rule)
    {
        var ticket = await _api.Get(_agent, number);
        Assert.Equal((group, "assigned"), (ticket.Get("assignmentGroup"), ticket.Get("status")));
        var activity = (await _api.Activity(_agent, number)).Json.GetProperty("items").EnumerateArray().ToList();
        var routed = Assert.Single(activity, a => a.GetProperty("type").GetString() == "assignmentChanged");
        Assert.Equal(rule, routed.GetProperty("data").GetProperty("rule").GetString());
        Assert.Equal(group, routed.GetProperty("data").GetProperty("toGroup").GetString());
        return ticket;
    }
}
