using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.Surveys;

/// <summary>What a signed survey link grants: answering one ticket's survey as its requester, until the window closes.</summary>
public sealed record SurveyLinkClaims(string TicketNumber, string RequesterId, DateTimeOffset ExpiresAt);

/// <summary><see cref="Failure"/> is null for a valid token, else malformed, forged or expired.</summary>
public sealed record SurveyLinkVerification(SurveyLinkClaims? Claims, string? Failure);

/// <summary>
/// Signs and verifies the survey links of the resolution mail, like the approval links (<c>DecisionLinkSigner</c>):
/// <c>base64url(payload).base64url(HMAC-SHA256(payload))</c> with the payload <c>s1|ticket|requester|expiresUnix</c>,
/// under a key derived from the configured link-signing key for this purpose only (a survey token is no decision
/// link and the other way round). The rating is a separate query value: the token alone lets the requester pick any.
/// </summary>
public sealed class SurveyLinkSigner(byte[] key)
{
    public const string KeyPurpose = "survey-link";

    public string Sign(SurveyLinkClaims claims) =>
        SignedTokens.Sign(key, "s1", claims.TicketNumber, claims.RequesterId, SignedTokens.Unix(claims.ExpiresAt));

    public SurveyLinkVerification Verify(string? token, DateTimeOffset now)
    {
        var (fields, authentic) = SignedTokens.Open(key, token, maxLength: 1024);
        if (fields is not ["s1", var ticket, var requester, var expires] || !SignedTokens.TryParseUnix(expires, out var expiresAt))
        {
            return new(null, "malformed");
        }
        if (!authentic)
        {
            return new(null, "forged");
        }
        var claims = new SurveyLinkClaims(ticket, requester, expiresAt);
        return expiresAt <= now ? new(claims, "expired") : new(claims, null);
    }
}
