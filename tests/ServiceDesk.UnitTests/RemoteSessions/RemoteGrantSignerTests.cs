using System.Security.Cryptography;
using ServiceDesk.Application.RemoteSessions;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.UnitTests.RemoteSessions;

public sealed class RemoteGrantSignerTests
{
    private static readonly DateTimeOffset Expires = new(2026, 12, 6, 12, 10, 0, TimeSpan.Zero);
    private readonly DecisionLinkSigner _links = new(RandomNumberGenerator.GetBytes(32));
    private readonly RemoteGrantSigner _grants;

    public RemoteGrantSignerTests() => _grants = new RemoteGrantSigner(_links.DeriveKey(RemoteGrantSigner.KeyPurpose));

    private static RemoteGrantClaims Claims => new("rr-1", "dev-1", "a-erik", "INC-000001", Expires, "nonce");

    [Fact]
    public void A_grant_verifies_with_its_claims()
    {
        Assert.Equal(Claims, _grants.Verify(_grants.Sign(Claims)));
    }

    [Fact]
    public void A_changed_forged_or_malformed_grant_is_refused()
    {
        var token = _grants.Sign(Claims);
        var forgedPayload = _grants.Sign(Claims with { TicketNumber = "INC-000002" }).Split('.')[0] + "." + token.Split('.')[1];
        Assert.Null(_grants.Verify(forgedPayload));
        Assert.Null(_grants.Verify(new RemoteGrantSigner(RandomNumberGenerator.GetBytes(32)).Sign(Claims)));
        Assert.Null(_grants.Verify("not-a-grant"));
        Assert.Null(_grants.Verify(null));
    }

    [Fact]
    public void The_derived_key_differs_from_the_link_key_so_a_decision_link_is_no_grant()
    {
        var link = _links.Sign(new DecisionLinkClaims("INC-000001", 1, "a-erik", ApprovalDecision.Approve, Expires, "nonce"));
        Assert.Null(_grants.Verify(link));
        Assert.NotEqual(_links.DeriveKey(RemoteGrantSigner.KeyPurpose), _links.DeriveKey("another-purpose"));
    }

    [Fact]
    public void Device_secrets_are_compared_by_hash()
    {
        var secret = DeviceSecrets.NewSecret();
        var hash = DeviceSecrets.Hash(secret);
        Assert.DoesNotContain(secret, hash, StringComparison.Ordinal);
        Assert.True(DeviceSecrets.Matches(secret, hash));
        Assert.False(DeviceSecrets.Matches(secret + "x", hash));
        Assert.False(DeviceSecrets.Matches(null, hash));
        Assert.Equal(("ek-1", "s3cret"), DeviceSecrets.Split("ek-1.s3cret"));
        Assert.Null(DeviceSecrets.Split("no-dot"));
    }
}
