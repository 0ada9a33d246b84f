using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Tickets;
using static ServiceDesk.UnitTests.ServiceLevels.Times;

namespace ServiceDesk.UnitTests.ServiceLevels;

public sealed class RoutingRuleTests
{
    private static readonly DateTimeOffset T0 = Stockholm(2026, 11, 23, 10);

    private static TicketState Ticket(
        string title = "Skrivaren skriver inte ut", TicketKind kind = TicketKind.Incident, Channel channel = Channel.Portal,
        string? category = "Printing") =>
        SlaTicket.NewTicket(T0, SlaTicket.Draft(kind, title: title, category: category, channel: channel)).State;

    private static readonly RoutingRule Vpn = new() { Name = "VPN", Keywords = ["VPN"], Group = "Network" };

    [Theory]
    [InlineData("vpn down", true)]
    [InlineData("VPN", true)]
    [InlineData("Kommer inte åt VPN.", true)]
    [InlineData("VPN-klienten startar inte", true)]
    [InlineData("(vpn) nere", true)]
    [InlineData("vpnclient crashes", false)]
    [InlineData("myvpn", false)]
    [InlineData("vpn2 nere", false)]
    [InlineData("vpnclient och sedan vpn", true)] // a later whole-word occurrence counts
    [InlineData("Skrivaren skriver inte ut", false)]
    public void A_keyword_matches_as_a_whole_word_without_case(string title, bool matches)
    {
        Assert.Equal(matches, Vpn.Matches(Ticket(title)));
    }

    [Theory]
    [InlineData("Kan inte logga in på e-post", true)]
    [InlineData("E-POST fungerar inte", true)]
    [InlineData("e-posten", false)]
    [InlineData("Skärmen är svart", true)]
    [InlineData("skärmens ljus", false)]
    public void Any_keyword_or_phrase_matches(string title, bool matches)
    {
        var rule = new RoutingRule { Name = "mail", Keywords = ["e-post", "skärmen är svart"], Group = "Workplace" };

        Assert.Equal(matches, rule.Matches(Ticket(title)));
    }

    [Fact]
    public void A_rule_without_criteria_matches_every_ticket()
    {
        var rule = new RoutingRule { Name = "all", Group = "Servicedesk" };

        Assert.True(rule.Matches(Ticket()));
        Assert.True(rule.Matches(Ticket(kind: TicketKind.ServiceRequest, channel: Channel.Email, category: null)));
    }

    [Fact]
    public void Channel_kind_and_category_must_all_match()
    {
        var rule = new RoutingRule
        {
            Name = "mailed printer incidents",
            Kind = TicketKind.Incident,
            Channel = Channel.Email,
            Category = "printing",
            Group = "Print",
        };

        Assert.True(rule.Matches(Ticket(channel: Channel.Email)));
        Assert.True(rule.Matches(Ticket(channel: Channel.Email, category: "PRINTING")));
        Assert.False(rule.Matches(Ticket(channel: Channel.Portal)));
        Assert.False(rule.Matches(Ticket(channel: Channel.Email, kind: TicketKind.ServiceRequest)));
        Assert.False(rule.Matches(Ticket(channel: Channel.Email, category: "Network")));
        Assert.False(rule.Matches(Ticket(channel: Channel.Email, category: null)));
    }

    [Fact]
    public void Service_and_configuration_item_compare_without_case()
    {
        var rule = new RoutingRule { Name = "ERP", Service = "Affärssystem", ConfigurationItem = "erp-prod-01", Group = "ERP" };
        var ticket = Ticket() with { Service = "affärssystem", ConfigurationItem = "ERP-PROD-01" };

        Assert.True(rule.Matches(ticket));
        Assert.False(rule.Matches(ticket with { ConfigurationItem = "erp-test-01" }));
        Assert.False(rule.Matches(ticket with { Service = null }));
    }

    [Fact]
    public void Keywords_and_other_criteria_must_both_match()
    {
        var rule = Vpn with { Kind = TicketKind.Incident };

        Assert.True(rule.Matches(Ticket("VPN nere")));
        Assert.False(rule.Matches(Ticket("VPN-konto behövs", kind: TicketKind.ServiceRequest)));
        Assert.False(rule.Matches(Ticket("Skrivaren", kind: TicketKind.Incident)));
    }

    [Fact]
    public void The_first_matching_rule_in_order_wins()
    {
        var rules = new RoutingRules(
            "contoso",
            [
                new RoutingRule { Name = "phone VPN", Keywords = ["vpn"], Channel = Channel.Phone, Group = "Network-urgent", Impact = Impact.High },
                Vpn,
                new RoutingRule { Name = "printers", Category = "Printing", Group = "Print" },
                new RoutingRule { Name = "everything", Group = "Servicedesk" },
            ],
            "Fallback",
            T0,
            "admin");

        Assert.Equal("phone VPN", rules.Match(Ticket("VPN nere", channel: Channel.Phone))?.Name);
        Assert.Equal("VPN", rules.Match(Ticket("VPN nere"))?.Name); // before "printers" though the category matches too
        Assert.Equal("printers", rules.Match(Ticket())?.Name);
        Assert.Equal("everything", rules.Match(Ticket("Ny dator", category: null))?.Name);
    }

    [Fact]
    public void No_rule_matching_gives_null()
    {
        var rules = new RoutingRules("contoso", [Vpn], "Servicedesk", T0, "admin");

        Assert.Null(rules.Match(Ticket("Ny dator")));
        Assert.Equal("Servicedesk", rules.FallbackGroup);
        Assert.Null((rules with { Rules = [] }).Match(Ticket("VPN")));
    }
}
