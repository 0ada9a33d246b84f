using Microsoft.AspNetCore.Http;

namespace ServiceDesk.Functions.Http;

/// <summary>
/// The caller's IP address, the rate-limit partition of anonymous callers: the last <c>X-Forwarded-For</c> entry (the one the
/// platform's front end appended; earlier ones are the client's word), without a port, else the connection's address.
/// </summary>
public static class ClientAddress
{
    public static string? From(HttpRequest req)
    {
        var forwarded = req.Headers["X-Forwarded-For"].ToString();
        var last = forwarded.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (last is not null)
        {
            if (System.Net.IPEndPoint.TryParse(last, out var endpoint))
            {
                return endpoint.Address.ToString();
            }
            return last.Length <= 64 ? last : last[..64];
        }
        return req.HttpContext.Connection.RemoteIpAddress?.ToString();
    }
}
