using System.Buffers.Text;

using System.Text.Json;

namespace ServiceDesk.Application.Common;

/// <summary>
/// Opaque paging tokens: which of several partitions a listing is in, and the storage token inside it.
/// Clients get base64url text; anything that does not decode is a 400, never a 500.
/// </summary>
public static class ContinuationToken
{
    private sealed record Payload(int P, string? T);

    public static string Encode(int partitionIndex, string? innerToken) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Payload(partitionIndex, innerToken)));

    public static (int PartitionIndex, string? InnerToken) Decode(string? token, string field = "continuationToken")
    {
        if (string.IsNullOrEmpty(token))
        {
            return (0, null);
        }
        try
        {
            if (token.Length > 4096)
            {
                throw new FormatException();
            }
            var payload = JsonSerializer.Deserialize<Payload>(Base64Url.DecodeFromChars(token));
            if (payload is null || payload.P < 0)
            {
                throw new FormatException();
            }
            return (payload.P, payload.T);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw ValidationException.For(field, FieldRule.Invalid, "The continuation token is not valid. Use the token from the previous page as it was returned.");
        }
    }

    public static int PageSize(FieldErrors errors, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return Limits.DefaultPageSize;
        }
        if (!int.TryParse(value, out var size) || size < 1 || size > Limits.MaxPageSize)
        {
            errors.Add("pageSize", FieldRule.Range, $"'pageSize' must be a whole number from 1 to {Limits.MaxPageSize}.", FieldErrors.Args(("min", 1), ("max", Limits.MaxPageSize)));
            return Limits.DefaultPageSize;
        }
        return size;
    }

}
