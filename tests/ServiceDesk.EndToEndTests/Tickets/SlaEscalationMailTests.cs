using System.Net;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.EndToEndTests.Workflows;

namespace ServiceDesk.EndToEndTests.Tickets;

/// <summary>
/// Service levels on the local host as <c>dotnet run</c> serves them: a policy with a 20-second resolution target on the
/// 24x7 calendar, a ticket routed to a group, and the escalation mail of the 50 % step arriving in smtp4dev — taken by the
/// real SlaEscalation timer, announced by the event dispatcher and sent by the mail outbox's queue function.
/// </summary>
public sealed class SlaEscalationMailTests(MailWorkflowHostFixture f) : IClassFixture<MailWorkflowHostFixture>
{
    [Fact]
    public async Task A_ticket_routed_to_a_group_escalates_by_mail_when_half_its_time_is_used()
    {
        const string groupMail = "first-line@servicedesk.local";
        await f.SendOkAsync(HttpMethod.Put, "api/groups/first-line", f.Admin, new { name = "First line", email = groupMail, language = "en" });
        await f.SendOkAsync(HttpMethod.Put, $"api/customers/{MailWorkflowHostFixture.Customer}/routing-rules", f.Admin, new { fallbackGroup = "first-line" });
        await f.SendOkAsync(HttpMethod.Put, $"api/customers/{MailWorkflowHostFixture.Customer}/sla-policies", f.Admin, new
        {
            policies = new[]
            {
                new { name = "fast", calendar = "24x7", resolution = "00:00:20", escalation = new[] { new { percent = 50, level = "Functional" } } },
            },
        });
        var user = await f.Api.TokenAsync(new { userId = "u-sla", name = "Sara", email = MailWorkflowHostFixture.Address("u-sla"), customerId = MailWorkflowHostFixture.Customer, roles = new[] { "EndUser" } });

        using var created = await f.Api.SendAsync(HttpMethod.Post, "api/tickets", user,
            new { kind = "Incident", title = "Servern svarar inte", description = "Sedan i morse.", impact = "High", urgency = "High" });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var number = (await ApiClient.JsonAsync(created)).GetProperty("number").GetString()!;
        var ticket = await f.TicketAsync(number);
        Assert.Equal("first-line", ticket.GetProperty("assignmentGroup").GetString());
        Assert.Equal("fast", ticket.GetProperty("sla").GetProperty("policy").GetString());

        // 10 s of the 20 s target, then the timer (every 15 s), the event dispatcher (every 10 s) and the sender.
        var mails = await f.MailsAsync(groupMail, $"Escalation: 50 % of the resolution target used", count: 1, seconds: 90);
        Assert.Contains(number, mails[0].Subject, StringComparison.Ordinal);
        Assert.Contains("Group: first-line", mails[0].TextBody, StringComparison.Ordinal);

        var activity = await f.GetAsync($"api/tickets/{number}/activity");
        Assert.Single(activity.GetProperty("items").EnumerateArray(), a => a.GetProperty("type").GetString() == "slaEscalated");
    }
}
