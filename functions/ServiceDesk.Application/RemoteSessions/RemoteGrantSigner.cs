using System.Globalization;
using System.Security.Cryptography;
using System.Text;

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

    public string Sign(RemoteGrantClaims c)
    {
        string[] fields = [c.RequestId, c.DeviceId, c.TechnicianId, c.TicketNumber, c.Nonce];
        if (fields.Any(f => f.Contains('|')))
        {
            throw new ArgumentException("Grant fields may not contain '|'.", nameof(c));
        }
        var payload = Encoding.UTF8.GetBytes(string.Join('|', "rg1", c.RequestId, c.DeviceId, c.TechnicianId, c.TicketNumber,
            c.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), c.Nonce));
        return DeviceSecrets.Base64Url(payload) + "." + DeviceSecrets.Base64Url(HMACSHA256.HashData(key, payload));
    }

    /// <returns>The claims when the signature is right (even if expired: the caller decides), else null.</returns>
    public RemoteGrantClaims? Verify(string? token)
    {
        if (token is null || token.Length > 2048 || token.Split('.') is not [var p, var s])
        {
            return null;
        }
        var payload = FromBase64Url(p);
        var signature = FromBase64Url(s);
        if (payload is null || signature is null || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(key, payload), signature))
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
        return text.Split('|') is ["rg1", var request, var device, var technician, var ticket, var expires, var nonce] &&
               long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix) && unix <= 253402300799
            ? new RemoteGrantClaims(request, device, technician, ticket, DateTimeOffset.FromUnixTimeSeconds(unix), nonce)
            : null;
    }

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
