using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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

    public string Sign(SurveyLinkClaims claims)
    {
        if (claims.TicketNumber.Contains('|') || claims.RequesterId.Contains('|'))
        {
            throw new ArgumentException("Token fields may not contain '|'.", nameof(claims));
        }
        var payload = Encoding.UTF8.GetBytes(string.Join('|', "s1", claims.TicketNumber, claims.RequesterId,
            claims.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(key, payload));
    }

    public SurveyLinkVerification Verify(string? token, DateTimeOffset now)
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
            return new(null, "forged");
        }
        return claims.ExpiresAt <= now ? new(claims, "expired") : new(claims, null);
    }

    private static SurveyLinkClaims? Parse(byte[]? payload)
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
        if (text.Split('|') is not ["s1", var ticket, var requester, var expires] ||
            !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) || unix > 253402300799)
        {
            return null;
        }
        return new SurveyLinkClaims(ticket, requester, DateTimeOffset.FromUnixTimeSeconds(unix));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
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
