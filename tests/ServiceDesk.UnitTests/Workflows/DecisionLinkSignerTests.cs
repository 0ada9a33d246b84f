using System.Security.Cryptography;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.UnitTests.Workflows;

public sealed class DecisionLinkSignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly DecisionLinkSigner _signer = new(RandomNumberGenerator.GetBytes(32));

    private static DecisionLinkClaims Claims(ApprovalDecision decision = ApprovalDecision.Approve) =>
        new("REQ-000042", 1, "u-mgr", decision, Now.AddDays(7), "abc123");

    [Fact]
    public void A_signed_token_verifies_with_its_claims()
    {
        var result = _signer.Verify(_signer.Sign(Claims()), Now);
        Assert.Null(result.Failure);
        Assert.Equal(Claims() with { ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(Claims().ExpiresAt.ToUnixTimeSeconds()) }, result.Claims);
    }

    [Fact]
    public void A_token_signed_with_another_key_is_forged()
    {
        var other = new DecisionLinkSigner(RandomNumberGenerator.GetBytes(32));
        Assert.Equal("forged", _signer.Verify(other.Sign(Claims()), Now).Failure);
    }

    [Fact]
    public void Changing_the_decision_in_the_payload_breaks_the_signature()
    {
        var approve = _signer.Sign(Claims());
        var reject = _signer.Sign(Claims(ApprovalDecision.Reject));
        var tampered = reject.Split('.')[0] + "." + approve.Split('.')[1];
        var result = _signer.Verify(tampered, Now);
        Assert.Equal("forged", result.Failure);
        Assert.Equal("REQ-000042", DecisionLinkSigner.ReadUnverified(tampered)?.TicketNumber);
    }

    [Fact]
    public void A_token_past_its_expiry_is_expired() =>
        Assert.Equal("expired", _signer.Verify(_signer.Sign(Claims()), Now.AddDays(8)).Failure);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nodot")]
    [InlineData("a.b.c")]
    [InlineData("!!!.???")]
    public void Garbage_is_malformed(string? token) => Assert.Equal("malformed", _signer.Verify(token, Now).Failure);

    [Fact]
    public void Fields_with_the_separator_cannot_be_signed() =>
        Assert.Throws<ArgumentException>(() => _signer.Sign(Claims() with { ApproverId = "a|b" }));
}
