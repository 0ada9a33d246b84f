using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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

    public string Sign(DecisionLinkClaims claims)
    {
        if (claims.ApproverId.Contains('|') || claims.TicketNumber.Contains('|') || claims.Nonce.Contains('|'))
        {
            throw new ArgumentException("Token fields may not contain '|'.", nameof(claims));
        }
        var payload = string.Join('|', "v1", claims.TicketNumber, claims.Step.ToString(CultureInfo.InvariantCulture), claims.ApproverId,
            claims.Decision == ApprovalDecision.Approve ? "a" : "r", claims.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), claims.Nonce);
        var bytes = Encoding.UTF8.GetBytes(payload);
        return Base64Url(bytes) + "." + Base64Url(HMACSHA256.HashData(key, bytes));
    }

    /// <summary>Reads the claims without trusting them (to know which ticket a forged token targets).</summary>
    public static DecisionLinkClaims? ReadUnverified(string? token) =>
        token is null ? null : Parse(token.Split('.') is [var p, _] ? FromBase64Url(p) : null);

    public DecisionLinkVerification Verify(string? token, DateTimeOffset now)
    {
        if (token is null || token.Length > 1024 || token.Split('.') is not [var p, var s])
        {
            return new(null, "malformed");
        }
        var payload = FromBase64Url(p);
        var signature = FromBase64Url(s);
        var claims = Parse(payload);
        if (payload is null || signature is null || claims is null)
        {
            return new(null, "malformed");
        }
        if (!CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature))
        {
            return new(claims, "forged");
        }
        return claims.ExpiresAt <= now ? new(claims, "expired") : new(claims, null);
    }

    private static DecisionLinkClaims? Parse(byte[]? payload)
    {
        if (payload is null)
        {
            return null;
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        if (text.Split('|') is not ["v1", var ticket, var step, var approver, var decision, var expires, var nonce] ||
            !int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var stepIndex) ||
            !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) ||
            decision is not ("a" or "r") || unix > 253402300799)
        {
            return null;
        }
        return new DecisionLinkClaims(ticket, stepIndex, approver, decision == "a" ? ApprovalDecision.Approve : ApprovalDecision.Reject,
            DateTimeOffset.FromUnixTimeSeconds(unix), nonce);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string? text)
    {
        if (text is null)
        {
            return null;
        }
        var s = text.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + (4 - s.Length % 4) % 4, '=');
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary><see cref="Failure"/> is null for a valid token, else malformed, forged or expired.</summary>
public sealed record DecisionLinkVerification(DecisionLinkClaims? Claims, string? Failure);
