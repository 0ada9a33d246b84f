using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Problems;
using ServiceDesk.Domain.Problems;

namespace ServiceDesk.UnitTests.Problems;

public sealed class CandidateAnnouncementMailTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 8, 0, 0, TimeSpan.Zero);

    private static ProblemCandidate Candidate(params string[] members) => ProblemCandidate.Propose("contoso.0123456789ab", "contoso",
        new ProblemFinding(DetectionRule.Volume, "configurationItem", "PRN-0007", "volume|configurationItem|prn-0007", members,
            T0, T0.AddHours(5), 5, 0.4, ["print", "queue", "stuck"]), T0);

    [Fact]
    public void The_mail_carries_the_evidence_in_Swedish_and_English_and_links_to_the_candidate()
    {
        var c = Candidate("INC-000001", "INC-000002", "INC-000003", "INC-000004", "INC-000005");
        var mail = ProblemCandidateMail.Render(c, "https://desk.example/");

        Assert.Equal("Problemkandidat / Problem candidate contoso: configurationItem PRN-0007 (5)", mail.Subject);
        Assert.Contains("Regel: volym", mail.Body);
        Assert.Contains("Rule: volume", mail.Body);
        Assert.Contains("Dimension: configurationItem = PRN-0007", mail.Body);
        Assert.Contains("Window: 2025-03-10 08:00 UTC – 2025-03-10 13:00 UTC", mail.Body);
        Assert.Contains("Evidence: 5 incidents; threshold 5, expected at the usual rate 0.4", mail.Body);
        Assert.Contains("Top terms: print, queue, stuck", mail.Body);
        Assert.Contains("Incidents: INC-000001, INC-000002, INC-000003, INC-000004, INC-000005", mail.Body);
        Assert.Contains("https://desk.example/api/problems/candidates/contoso.0123456789ab", mail.Body);
    }

    [Fact]
    public void Long_member_lists_are_cut_with_a_count()
    {
        var c = Candidate(Enumerable.Range(1, 25).Select(i => $"INC-{i:D6}").ToArray());
        Assert.Contains("INC-000020, … (+5)", ProblemCandidateMail.Render(c, "http://localhost:7071").Body);
    }

    [Fact]
    public void One_outbox_row_per_candidate_detection_and_manager_outside_the_ticket_namespace()
    {
        var c = Candidate("INC-000001", "INC-000002");
        var a = ProblemCandidateMail.OutboxKey(c, "PM@Supplier.se");
        Assert.Equal(a, ProblemCandidateMail.OutboxKey(c with { Members = ["INC-000001", "INC-000002", "INC-000003"], UpdatedAt = T0.AddHours(3) }, "pm@supplier.se "));
        Assert.NotEqual(a, ProblemCandidateMail.OutboxKey(c, "other@supplier.se"));
        Assert.NotEqual(a, ProblemCandidateMail.OutboxKey(c with { DetectedAt = T0.AddDays(31) }, "pm@supplier.se"));
        Assert.Equal("candidate.contoso.0123456789ab", a.Partition);
        Assert.DoesNotContain(a.Row, ch => ch is '/' or '\\' or '#' or '?');

        OutgoingMail Mail(string partition) => new(partition, "e1", "t", "x@y.se", "x", "s", "b", "m@servicedesk.local", null, "auto-generated");
        Assert.False(Mail(a.Partition).IsAboutTicket);
        Assert.True(Mail("INC-000001").IsAboutTicket);
        Assert.True(Mail("PRB-000002").IsAboutTicket);
    }

    [Fact]
    public void Manager_addresses_are_split_trimmed_and_deduplicated()
    {
        Assert.Equal(["pm@a.se", "pm2@a.se"], ProblemOptions.ParseAddresses(" pm@a.se, PM@a.se;pm2@a.se ,"));
        Assert.Empty(new ProblemOptions().Managers);
    }
}
