using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Security;

public sealed class TicketAccessTests
{
    private static readonly TicketState Ticket = new()
    {
        Number = "INC-000001", Kind = TicketKind.Incident, CustomerId = "contoso",
        Requester = new Requester("u-owner", "Owner", "owner@contoso.se", null, Language.Sv),
        Channel = Channel.Portal, Title = "t", Description = "d", Impact = Impact.Low, Urgency = Urgency.Low,
        Status = TicketStatus.New, CreatedBy = new Actor("u-owner", "Owner"), CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch, Watchers = ["boss@contoso.se"],
    };

    private static readonly Customer Contoso = new("contoso", "Contoso", ["contoso.se"], Language.Sv, false);

    private static Caller Caller(string id, string customer, Role role, params string[] served) =>
        new(id, id, $"{id}@{customer}.se", customer, new HashSet<Role> { role }, served);

    [Fact]
    public void Requesters_and_watchers_see_their_ticket_colleagues_do_not_unless_the_customer_allows_it()
    {
        var owner = Caller("u-owner", "contoso", Role.EndUser);
        var boss = Caller("boss", "contoso", Role.EndUser);
        var colleague = Caller("u-colleague", "contoso", Role.EndUser);

        Assert.True(TicketAccess.CanSee(owner, Ticket, Contoso));
        Assert.True(TicketAccess.CanSee(boss, Ticket, Contoso));
        Assert.False(TicketAccess.CanSee(colleague, Ticket, Contoso));
        Assert.True(TicketAccess.CanSee(colleague, Ticket, Contoso with { EndUsersSeeOrganisationTickets = true }));
    }

    [Fact]
    public void Staff_see_only_the_customers_they_serve_admins_all()
    {
        Assert.True(TicketAccess.CanSee(Caller("a", "supplier", Role.Agent, "contoso"), Ticket, null));
        Assert.True(TicketAccess.CanSee(Caller("a", "supplier", Role.Agent, "*"), Ticket, null));
        Assert.False(TicketAccess.CanSee(Caller("a", "supplier", Role.Agent, "fabrikam"), Ticket, null));
        Assert.True(TicketAccess.CanSee(Caller("x", "supplier", Role.Admin), Ticket, null));
        Assert.False(TicketAccess.CanSee(Caller("u", "fabrikam", Role.EndUser), Ticket, Contoso with { EndUsersSeeOrganisationTickets = true }));
    }

    [Theory]
    [InlineData(TicketAction.Comment, true)]
    [InlineData(TicketAction.Cancel, true)]
    [InlineData(TicketAction.Close, true)]
    [InlineData(TicketAction.Reopen, true)]
    [InlineData(TicketAction.EditDescription, true)]
    [InlineData(TicketAction.InternalNote, false)]
    [InlineData(TicketAction.Assign, false)]
    [InlineData(TicketAction.Resolve, false)]
    [InlineData(TicketAction.EditClassification, false)]
    public void Requesters_do_the_self_service_actions_only(TicketAction action, bool allowed) =>
        Assert.Equal(allowed, TicketAccess.CanPerform(Caller("u-owner", "contoso", Role.EndUser), Ticket, action));

    [Fact]
    public void Integrations_cannot_read_internal_notes_of_customers_they_do_not_serve() =>
        Assert.False(TicketAccess.CanSeeInternal(Caller("svc", "fabrikam", Role.Integration, "fabrikam"), Ticket));
}
