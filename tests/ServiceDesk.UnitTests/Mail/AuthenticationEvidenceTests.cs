using ServiceDesk.Domain.Mail;

namespace ServiceDesk.UnitTests.Mail;

public sealed class AuthenticationEvidenceTests
{
    [Fact]
    public void Spf_dkim_and_dmarc_results_are_read_ignoring_comments()
    {
        var e = AuthenticationEvidence.Parse(
            "mx.servicedesk.local;\r\n\tdkim=pass (2048-bit key) header.d=contoso.se;\r\n\tspf=softfail (domain of x designates nothing) smtp.mailfrom=x@contoso.se;\r\n\tdmarc=fail (p=reject) header.from=contoso.se");
        Assert.Equal(("mx.servicedesk.local", "softfail", "pass", "fail"), (e.AuthServId, e.Spf, e.Dkim, e.Dmarc));
        Assert.False(e.Passed);
    }

    [Fact]
    public void One_passing_dkim_signature_of_several_is_a_pass() =>
        Assert.Equal("pass", AuthenticationEvidence.Parse("mx; dkim=fail header.d=a; dkim=pass header.d=b").Dkim);

    [Fact]
    public void No_header_is_no_evidence() => Assert.Equal(AuthenticationEvidence.None, AuthenticationEvidence.Parse(null));
}
