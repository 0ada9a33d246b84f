using System.Security.Cryptography;
using System.Text;

namespace ServiceDesk.Application.RemoteSessions;

/// <summary>
/// Random secrets (enrolment keys, device credentials) as <c>{id}.{secret}</c>: 32 random bytes, base64url. Only the
/// SHA-256 of the secret is stored (a slow hash adds nothing for 256 random bits); comparison is constant-time.
/// </summary>
public static class DeviceSecrets
{
    public static string NewId(string prefix) => prefix + Convert.ToHexString(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();

    public static string NewSecret() => Common.SignedTokens.Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string? secret, string storedHash)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length > 200)
        {
            return false;
        }
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        byte[] expected;
        try
        {
            expected = Convert.FromHexString(storedHash);
        }
        catch (FormatException)
        {
            return false;
        }
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Splits <c>{id}.{secret}</c>; null when it is not of that shape.</summary>
    public static (string Id, string Secret)? Split(string? token) =>
        token is { Length: > 0 and <= 300 } && token.Split('.') is [var id, var secret] && id.Length > 0 && secret.Length > 0 ? (id, secret) : null;

}
