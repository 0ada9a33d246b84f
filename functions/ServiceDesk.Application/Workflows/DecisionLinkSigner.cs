using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ServiceDesk.Application.Common;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>What a signed decision link grants: one decision, by one approver, on one step of one ticket, until a time.</summary>
public sealed record DecisionLinkClaims(string TicketNumber, int Step, string ApproverId, ApprovalDecision Decision, DateTimeOffset ExpiresAt, string Nonce);

/// <summary>
/// Signs and verifies decision-link tokens: <c>base64url(payload).base64url(HMAC-SHA256(payload))</c>, the payload
/// <c>v1|ticket|step|approver|decision|expiresUnix|nonce</c>. Verification is constant-time; single use is the
/// caller's job (the nonce is recorded when a link is used).
/// </summary>
public sealed class DecisionLinkSigner(byte[] key)
{
    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// A key for another kind of token, derived from this one (HMAC of the purpose), so other features sign with the same
    /// configured secret without their tokens being interchangeable with decision links.
    /// </summary>
    public byte[] DeriveKey(string purpose) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("servicedesk-derived-key|" + purpose));

    public string Sign(DecisionLinkClaims claims) =>
        SignedTokens.Sign(key, "v1", claims.TicketNumber, claims.Step.ToString(CultureInfo.InvariantCulture), claims.ApproverId,
            claims.Decision == ApprovalDecision.Approve ? "a" : "r", SignedTokens.Unix(claims.ExpiresAt), claims.Nonce);

    /// <summary>Reads the claims without trusting them (to know which ticket a forged token targets).</summary>
    public static DecisionLinkClaims? ReadUnverified(string? token) => Parse(SignedTokens.ReadUnverified(token));

    public DecisionLinkVerification Verify(string? token, DateTimeOffset now)
    {
        var (fields, authentic) = SignedTokens.Open(key, token, maxLength: 1024);
        if (Parse(fields) is not { } claims)
        {
            return new(null, "malformed");
        }
        if (!authentic)
        {
            return new(claims, "forged");
        }
        return claims.ExpiresAt <= now ? new(claims, "expired") : new(claims, null);
    }

    private static DecisionLinkClaims? Parse(string[]? fields) =>
        fields is ["v1", var ticket, var step, var approver, var decision and ("a" or "r"), var expires, var nonce] &&
        int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var stepIndex) &&
        SignedTokens.TryParseUnix(expires, out var expiresAt)
            ? new DecisionLinkClaims(ticket, stepIndex, approver, decision == "a" ? ApprovalDecision.Approve : ApprovalDecision.Reject, expiresAt, nonce)
            : null;
}

/// <summary><see cref="Failure"/> is null for a valid token, else malformed, forged or expired.</summary>
public sealed record DecisionLinkVerification(DecisionLinkClaims? Claims, string? Failure);
