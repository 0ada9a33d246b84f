using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.MajorIncidents;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.MajorIncidents;

/// <summary>Which tickets a major incident covers, and what joining, leaving and an alert storm do to a ticket.</summary>
public sealed class MajorIncidentRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Agent = new("a1", "Agent");

    private static MajorIncident Incident(params string[] customers) => new()
    {
        Id = "INC-000001", Customers = customers, Services = ["E-post"], ConfigurationItems = ["smtp01"], Keywords = ["outlook", "kan inte logga in"],
        Title = new("E-post nere", "Mail down"), Impact = new("Ingen e-post", "No mail"), Status = MajorIncidentStatus.Open, DeclaredAt = T0, DeclaredBy = "Agent",
        Updates = [new MajorIncidentUpdate(0, T0, "Agent", true, new("Vi felsöker.", "Investigating."), null)],
    };

    private static Ticket Open(string customer = "contoso", string title = "Skrivaren", string? service = null, string? ci = null, TicketKind kind = TicketKind.Incident, long n = 2) =>
        Ticket.Open(new TicketNumber(kind, n), new TicketDraft(kind, customer, new Requester("u1", "Anna", "anna@contoso.se", null, Language.Sv), Channel.Portal,
            title, "Beskrivning", null, service, ci, Impact.Medium, Urgency.Medium), new Actor("u1", "Anna"), T0);

    [Theory]
    [InlineData("contoso", "Skrivaren", "E-post", null, true)]            // affected service
    [InlineData("contoso", "Skrivaren", "e-post", null, true)]            // any case
    [InlineData("contoso", "Skrivaren", null, "SMTP01", true)]            // affected configuration item
    [InlineData("contoso", "Outlook startar inte", null, null, true)]     // keyword, whole word
    [InlineData("contoso", "Jag kan inte logga in", null, null, true)]    // phrase
    [InlineData("contoso", "Outlookish tillägg", null, null, false)]      // not a whole word
    [InlineData("fabrikam", "Outlook startar inte", "E-post", null, false)] // customer not in scope
    [InlineData("contoso", "Skrivaren", "Utskrift", null, false)]
    public void Matches_customer_in_scope_and_service_item_or_keyword(string customer, string title, string? service, string? ci, bool expected) =>
        Assert.Equal(expected, Incident("contoso").Matches(Open(customer, title, service, ci).State));

    [Fact]
    public void All_customers_scope_covers_everyone_but_never_the_master_itself_a_request_or_a_resolved_incident()
    {
        var all = Incident(MajorIncident.AllCustomers);
        Assert.True(all.Matches(Open("fabrikam", service: "E-post").State));
        Assert.False(all.Matches(Open(service: "E-post", n: 1).State));                                   // INC-000001 is the master
        Assert.False(all.Matches(Open(service: "E-post", kind: TicketKind.ServiceRequest).State));
        Assert.False((all with { Status = MajorIncidentStatus.Resolved }).Matches(Open(service: "E-post").State));
    }

    [Fact]
    public void Joining_pends_the_ticket_with_the_latest_message_once_and_leaving_returns_it_to_work()
    {
        var ticket = Open(service: "E-post");
        Assert.True(ticket.JoinMajorIncident("INC-000001", new("Vi felsöker.", "Investigating."), Agent, T0.AddMinutes(1)));
        Assert.False(ticket.JoinMajorIncident("INC-000001", new("Vi felsöker.", "Investigating."), Agent, T0.AddMinutes(2)));
        Assert.Equal((TicketStatus.Pending, PendingReason.AwaitingMajorIncident), (ticket.Status, ticket.State.PendingReason));
        var linked = Assert.Single(ticket.NewActivities, a => a.Type == ActivityType.MajorIncidentLinked);
        Assert.Equal(("Vi felsöker.", "Investigating."), (linked.Data["messageSv"], linked.Data["messageEn"]));
        Assert.Contains(new TicketLink(LinkType.Parent, "INC-000001"), ticket.State.Links);

        Assert.True(ticket.LeaveMajorIncident("INC-000001", Agent, T0.AddMinutes(3)));
        Assert.Equal(TicketStatus.New, ticket.Status);
        Assert.Null(ticket.State.PendingReason);
        Assert.DoesNotContain(new TicketLink(LinkType.Parent, "INC-000001"), ticket.State.Links);
    }

    [Fact]
    public void An_alert_storm_proposes_once_at_the_threshold()
    {
        var ticket = Open();
        Assert.False(ticket.ProposeMajorIncident(2, 3, Agent, T0));
        Assert.True(ticket.ProposeMajorIncident(3, 3, Agent, T0.AddMinutes(1)));
        Assert.False(ticket.ProposeMajorIncident(9, 3, Agent, T0.AddMinutes(2)));
        Assert.Equal(T0.AddMinutes(1), ticket.State.MajorIncidentProposedAt);
        Assert.Single(ticket.NewActivities, a => a.Type == ActivityType.MajorIncidentProposed);
    }

    [Fact]
    public void The_message_and_the_next_update_time_come_from_the_latest_public_update()
    {
        var next = T0.AddHours(1);
        var incident = Incident("contoso")
            .WithUpdate(T0.AddMinutes(10), "Agent", true, new("Felet hittat.", "Found it."), next)
            .WithUpdate(T0.AddMinutes(20), "Agent", false, new("Internt.", "Internal."), null);
        Assert.Equal("Found it.", incident.Message.En);
        Assert.Equal([0, 1, 2], incident.Updates.Select(u => u.Sequence));
        Assert.Equal(next, incident.NextUpdateAt);   // the internal note promised users nothing new
        Assert.Equal("Felet hittat.", incident.Message.For(Language.Sv));
    }
}
