using System.Security.Cryptography;
using System.Text;

namespace ServiceDesk.Application.Mail;

/// <summary>Keys derived from a Message-ID: the partition of its records, its blob names, its Idempotency-Key.</summary>
public static class MailKeys
{
    /// <summary>A key-safe short hash of a Message-ID.</summary>
    public static string KeyOf(string messageId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..40].ToLowerInvariant();
}
