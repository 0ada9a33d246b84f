using System.Security.Cryptography;
using System.Text;
using ServiceDesk.Application.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>
/// Idempotency-Key claims of ticket creation: a key is claimed once per caller (or shared by every caller, for a
/// problem candidate) together with a hash of the request and the number it reserves. A second request with the key
/// gets the first one's ticket; if the first died before writing it, the second writes it under the reserved number;
/// the same key for a different request is refused.
/// </summary>
internal static class TicketIdempotency
{
    public static string? ParseKey(string? key)
    {
        if (key is null)
        {
            return null;
        }
        if (key.Length is 0 or > Limits.IdempotencyKeyLength || !key.All(c => c is >= '!' and <= '~'))
        {
            throw ValidationException.For("Idempotency-Key", FieldRule.Invalid,
                $"The Idempotency-Key header must be 1 to {Limits.IdempotencyKeyLength} visible ASCII characters (a UUID is a good choice).");
        }
        return key;
    }

    public static string Hash(TicketDraft draft)
    {
        var canonical = System.Text.Json.JsonSerializer.Serialize(draft);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..32];
    }

    /// <returns>The earlier request's ticket to replay, or (null, the number to write the new ticket under).</returns>
    public static async Task<(StoredTicket? Replay, TicketNumber Number)> ClaimAsync(ITicketStore store, IdempotencyClaim proposed, CancellationToken ct)
    {
        var claim = await store.ClaimAsync(proposed, ct);
        if (claim.RequestHash != proposed.RequestHash)
        {
            throw new UnprocessableException(
                "This Idempotency-Key was already used for a different request. Use a new key for a new ticket.");
        }
        if (claim.Number != proposed.Number)
        {
            // An earlier request holds the key. Its ticket is returned; if that request died before writing the ticket,
            // this one writes it under the number the key reserved. (The number allocated for this request is skipped:
            // numbers may have gaps but are never reused. A replay does not rewrite the index; if the first request died
            // between the ticket and its index, the repair does.)
            var existing = await store.FindAsync(claim.Number, ct);
            if (existing is not null)
            {
                return (existing, default!);
            }
        }
        TicketNumber.TryParse(claim.Number, out var number);
        return (null, number ?? throw new InvalidOperationException($"Stored claim has an invalid number '{claim.Number}'."));
    }
}
