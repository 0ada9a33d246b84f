using System.Security.Cryptography;
using System.Text;

namespace ServiceDesk.Application.Intake;

/// <summary>
/// Which problem a message belongs to: its <c>correlationKey</c> or, without one, the signature source + service +
/// title (trimmed, case and inner whitespace ignored), within one customer. <see cref="Hash"/> names the storage
/// partition holding the problem's state and the idempotency claims of its messages.
/// </summary>
public sealed record CorrelationId(string CustomerId, string Key, string Hash)
{
    public static CorrelationId For(IncidentMessage message)
    {
        var key = message.CorrelationKey is { } explicitKey
            ? "key|" + explicitKey
            : $"sig|{Normalize(message.Source)}|{Normalize(message.Service ?? "")}|{Normalize(message.Title)}";
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(message.CustomerId + "\n" + key)))[..32].ToLowerInvariant();
        return new CorrelationId(message.CustomerId, key, hash);
    }

    private static string Normalize(string value) =>
        string.Join(' ', value.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
