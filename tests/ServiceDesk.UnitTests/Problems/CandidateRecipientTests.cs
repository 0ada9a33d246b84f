using ServiceDesk.Application.Problems;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Staff;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Problems;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Problems;

/// <summary>Who gets a candidate's announcement, in which language, and what the ProblemManager role may do.</summary>
public sealed class CandidateRecipientTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static ProblemCandidate Candidate() => ProblemCandidate.Propose("contoso.0123456789ab", "contoso",
        new ProblemFinding(DetectionRule.Volume, "configurationItem", "PRN-0007", "volume|configurationItem|prn-0007",
            ["INC-000001", "INC-000002", "INC-000003", "INC-000004", "INC-000005"], T0, T0.AddHours(5), 5, 0.4, ["print", "queue"]), T0);

    private static StaffMember Member(string id, Language language, Role[] roles, params string[] served) =>
        new(id, "Name " + id, id + "@supplier.se", language, roles, served, T0);

    [Fact]
    public void Problem_managers_serving_the_customer_get_it_in_their_language_then_the_configured_addresses_bilingual()
    {
        var staff = new[]
        {
            Member("pm-sv", Language.Sv, [Role.ProblemManager], "contoso"),
            Member("pm-en", Language.En, [Role.ProblemManager, Role.Agent], "fabrikam", "contoso"),
            Member("pm-all", Language.En, [Role.ProblemManager], "*"),
            Member("pm-other", Language.Sv, [Role.ProblemManager], "fabrikam"),
            Member("agent", Language.Sv, [Role.Agent], "contoso"),
            Member("admin", Language.Sv, [Role.Admin], "*"),
        };

        var recipients = ProblemCandidateMail.Recipients("contoso", ["problem-managers@supplier.se"], staff);

        Assert.Equal(
            [("pm-all@supplier.se", (Language?)Language.En), ("pm-en@supplier.se", Language.En), ("pm-sv@supplier.se", Language.Sv), ("problem-managers@supplier.se", null)],
            recipients.Select(r => (r.Address, r.Language)));
        Assert.Equal("Name pm-sv", recipients.Single(r => r.Address == "pm-sv@supplier.se").Name);
    }

    [Fact]
    public void A_problem_manager_whose_address_is_also_configured_gets_one_mail_in_their_language()
    {
        var recipients = ProblemCandidateMail.Recipients("contoso", ["PM-SV@supplier.se", "list@supplier.se"],
            [Member("pm-sv", Language.Sv, [Role.ProblemManager], "contoso")]);
        Assert.Equal([("pm-sv@supplier.se", (Language?)Language.Sv), ("list@supplier.se", null)], recipients.Select(r => (r.Address, r.Language)));
        Assert.Empty(ProblemCandidateMail.Recipients("contoso", [], [Member("pm", Language.Sv, [Role.ProblemManager], "fabrikam")]));
    }

    [Fact]
    public void The_Swedish_mail_is_Swedish_only_and_the_English_mail_English_only()
    {
        var c = Candidate();
        var sv = ProblemCandidateMail.Render(c, "https://desk.example", Language.Sv);
        var en = ProblemCandidateMail.Render(c, "https://desk.example", Language.En);
        var both = ProblemCandidateMail.Render(c, "https://desk.example", null);

        Assert.Equal("Problemkandidat contoso: configurationItem PRN-0007 (5)", sv.Subject);
        Assert.Contains("Problemdetekteringen föreslår ett problem för kunden contoso.", sv.Body);
        Assert.Contains("Regel: volym", sv.Body);
        Assert.Contains("Underlag: 5 incidenter; tröskel 5, förväntat vid normal takt 0.4", sv.Body);
        Assert.Contains("med token för en problemansvarig, agent eller administratör", sv.Body);
        Assert.Contains("Kandidat: contoso.0123456789ab", sv.Body);
        Assert.Contains("https://desk.example/api/problems/candidates/contoso.0123456789ab", sv.Body);
        Assert.DoesNotContain("Rule:", sv.Body);
        Assert.DoesNotContain("Problem detection proposes", sv.Body);
        Assert.DoesNotContain("----", sv.Body);

        Assert.Equal("Problem candidate contoso: configurationItem PRN-0007 (5)", en.Subject);
        Assert.Contains("Rule: volume", en.Body);
        Assert.Contains("with a problem manager's, agent's or admin's token", en.Body);
        Assert.Contains("Candidate: contoso.0123456789ab", en.Body);
        Assert.DoesNotContain("Regel:", en.Body);
        Assert.DoesNotContain("Problemdetekteringen", en.Body);

        Assert.StartsWith("Problemkandidat / Problem candidate contoso:", both.Subject);
        Assert.Equal(sv.Body.Replace("Kandidat: contoso.0123456789ab\n", "") + "----\n\n" + en.Body.Replace("Candidate: contoso.0123456789ab\n", "")
            + "Kandidat / Candidate: contoso.0123456789ab\n", both.Body);
    }

    [Fact]
    public void A_problem_manager_acts_as_an_agent_in_problem_management_only()
    {
        var pm = new Caller("pm", "PM", null, "supplier", new HashSet<Role> { Role.ProblemManager }, ["contoso"]);
        var ticket = new TicketState
        {
            Number = "INC-000001", Kind = TicketKind.Incident, CustomerId = "contoso",
            Requester = new Requester("u", "U", "u@contoso.se", null, Language.Sv), Channel = Channel.Portal, Title = "t",
            Description = "d", Impact = Impact.Low, Urgency = Urgency.Low, Status = TicketStatus.New,
            CreatedBy = new Actor("u", "U"), CreatedAt = T0, UpdatedAt = T0,
        };

        Assert.False(pm.IsStaff);
        Assert.False(pm.Serves("contoso"));
        Assert.False(TicketAccess.CanPerform(pm, ticket, TicketAction.Assign));

        var acting = pm.ForProblemManagement();
        Assert.True(acting.IsStaff);
        Assert.True(acting.Serves("contoso"));
        Assert.False(acting.Serves("fabrikam"));
        Assert.Equal("pm", acting.UserId);

        var agent = new Caller("a", "A", null, "supplier", new HashSet<Role> { Role.Agent }, ["contoso"]);
        Assert.Same(agent, agent.ForProblemManagement());
        var user = new Caller("u", "U", null, "contoso", new HashSet<Role> { Role.EndUser }, []);
        Assert.False(user.ForProblemManagement().IsStaff);
    }
}
