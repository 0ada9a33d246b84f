using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ServiceDesk.Application.Privacy;

/// <summary>
/// Short-lived download links of export zips: <c>/api/privacy/exports/{id}/download?token=</c> with the token
/// <c>{expiresUnix}.{base64url HMAC-SHA256(id|expiresUnix)}</c>. The app serves the zip itself: Blob SAS needs shared
/// keys, which the deployment disables (identity-based storage), and a user-delegation SAS would hand out a storage URL
/// the app cannot revoke or audit.
/// </summary>
public sealed class ExportLinks(byte[] key)
{
    public const string KeyPurpose = "privacy-export-link";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public (string Url, DateTimeOffset ExpiresAt) Create(string jobId, DateTimeOffset now)
    {
        var expires = now + Lifetime;
        var unix = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return ($"/api/privacy/exports/{jobId}/download?token={unix}.{Sign(jobId, unix)}", DateTimeOffset.FromUnixTimeSeconds(long.Parse(unix, CultureInfo.InvariantCulture)));
    }

    public bool IsValid(string jobId, string? token, DateTimeOffset now)
    {
        if (token is null || token.Length > 200 || token.Split('.') is not [var unix, var signature] ||
            !long.TryParse(unix, NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Sign(jobId, unix));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature)) && DateTimeOffset.FromUnixTimeSeconds(expires) > now;
    }

    private string Sign(string jobId, string unix) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(jobId + "|" + unix))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
