using System.Security.Cryptography;
using System.Text;

namespace ServiceDesk.Application.Privacy;

/// <summary>
/// Stable pseudonyms: <c>person-</c> + 12 hex digits of HMAC-SHA256(key, customer | email or user id). The same person of
/// the same customer always gets the same pseudonym (reports and erased tickets stay groupable by person); without the
/// key nobody can compute it from an address, and different customers get different pseudonyms for one address.
/// </summary>
public sealed class Pseudonyms(byte[] key)
{
    public const string KeyPurpose = "privacy-pseudonym";
    public const string EmailDomain = "pseudonymised.invalid";

    public string For(string customerId, string? userId, string? email)
    {
        var subject = !string.IsNullOrWhiteSpace(email) ? "email:" + email.Trim().ToLowerInvariant() : "id:" + userId;
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(customerId + "|" + subject));
        return "person-" + Convert.ToHexStringLower(hash)[..12];
    }

    public static string EmailOf(string pseudonym) => pseudonym + "@" + EmailDomain;
}
