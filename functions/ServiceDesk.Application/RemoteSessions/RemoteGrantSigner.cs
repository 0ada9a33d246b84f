using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.RemoteSessions;

/// <summary>What a grant allows: one session, for one request, on one device, by one technician, for one ticket, until a time.</summary>
public sealed record RemoteGrantClaims(string RequestId, string DeviceId, string TechnicianId, string TicketNumber, DateTimeOffset ExpiresAt, string Nonce);

/// <summary>
/// Signs and verifies grants the way <see cref="Workflows.DecisionLinkSigner"/> signs decision links —
/// <c>base64url(payload).base64url(HMAC-SHA256(payload))</c>, payload <c>rg1|request|device|technician|ticket|expiresUnix|nonce</c> —
/// with a key derived from the link-signing key (<see cref="Workflows.DecisionLinkSigner.DeriveKey"/>). Verification is
/// constant-time; single use is enforced by the request's state (a started request cannot be started again).
/// </summary>
public sealed class RemoteGrantSigner(byte[] key)
{
    public const string KeyPurpose = "remote-session-grant";

    public string Sign(RemoteGrantClaims c) =>
        SignedTokens.Sign(key, "rg1", c.RequestId, c.DeviceId, c.TechnicianId, c.TicketNumber, SignedTokens.Unix(c.ExpiresAt), c.Nonce);

    /// <returns>The claims when the signature is right (even if expired: the caller decides), else null.</returns>
    public RemoteGrantClaims? Verify(string? token) =>
        SignedTokens.Open(key, token, maxLength: 2048) is (["rg1", var request, var device, var technician, var ticket, var expires, var nonce], true) &&
        SignedTokens.TryParseUnix(expires, out var expiresAt)
            ? new RemoteGrantClaims(request, device, technician, ticket, expiresAt, nonce)
            : null;
}
