using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServiceDesk.Application.Common;

/// <summary>
/// The one token format of the signed links and grants (decision links, survey links, remote-session grants):
/// <c>base64url(payload).base64url(HMAC-SHA256(payload))</c>, the payload being UTF-8 fields joined by <c>|</c>, a
/// version tag first. Each signer owns its fields and its key (derived per purpose); this class owns the encoding and
/// the constant-time check, so the three cannot drift apart.
/// </summary>
public static class SignedTokens
{
    /// <summary>The latest instant a token may name (9999-12-31T23:59:59Z), so parsing never overflows.</summary>
    private const long MaxUnixSeconds = 253402300799;

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    public static string Sign(byte[] key, params string[] fields)
    {
        if (fields.Any(f => f.Contains('|')))
        {
            throw new ArgumentException("Token fields may not contain '|'.", nameof(fields));
        }
        var payload = Encoding.UTF8.GetBytes(string.Join('|', fields));
        return Base64Url(payload) + "." + Base64Url(HMACSHA256.HashData(key, payload));
    }

    /// <summary>
    /// The token's fields (null when it is not a well-formed token at all) and whether its signature is right. The
    /// fields are returned for a forged token too, for callers that report what a forged link targeted.
    /// </summary>
    public static (string[]? Fields, bool Authentic) Open(byte[] key, string? token, int maxLength)
    {
        if (token is null || token.Length > maxLength || token.Split('.') is not [var p, var s])
        {
            return (null, false);
        }
        var payload = FromBase64Url(p);
        var signature = FromBase64Url(s);
        if (payload is null || signature is null || Text(payload) is not { } text)
        {
            return (null, false);
        }
        return (text.Split('|'), CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature));
    }

    /// <summary>The fields of a token without checking its signature (never to be trusted: for logging what a link targeted).</summary>
    public static string[]? ReadUnverified(string? token) =>
        token?.Split('.') is [var p, _] && FromBase64Url(p) is { } payload && Text(payload) is { } text ? text.Split('|') : null;

    public static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static bool TryParseUnix(string text, out DateTimeOffset at)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) && unix <= MaxUnixSeconds)
        {
            at = DateTimeOffset.FromUnixTimeSeconds(unix);
            return true;
        }
        at = default;
        return false;
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? FromBase64Url(string text)
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

    private static string? Text(byte[] payload)
    {
        try
        {
            return StrictUtf8.GetString(payload);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
