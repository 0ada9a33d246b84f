using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;

namespace ServiceDesk.Functions.Http;

/// <summary>
/// The rate-limit policy of a public surface, applied by one line in its function: per caller when the request is
/// authenticated (customer and user id), else per client IP (<see cref="ClientAddress"/>). A refused request gets 429
/// problem+json with <c>Retry-After</c> (<see cref="TooManyRequestsException"/>), counted in the
/// <c>servicedesk.rate_limited</c> metric and logged once per window and partition (without the address).
/// </summary>
public sealed partial class RateLimits(IRateLimiter limiter, IOptions<RateLimitOptions> options, ILogger<RateLimits> logger)
{
    public const string Code = "rate-limited";

    /// <summary>Throws <see cref="TooManyRequestsException"/> when the request is over its surface's limit.</summary>
    public void Throttle(RateLimitedSurface surface, HttpRequest request, Caller? caller = null)
    {
        var policy = options.Value.For(surface);
        var partition = caller is null ? "ip:" + (ClientAddress.From(request) ?? "(unknown)") : $"caller:{caller.CustomerId}/{caller.UserId}";
        if (limiter.TryAcquire(new RateLimitRule(surface.ToString(), policy.PermitLimit, policy.Window), partition) is not { } refused)
        {
            return;
        }
        ServiceDeskTelemetry.RateLimitRefused(surface.ToString());
        if (refused.FirstInWindow)
        {
            LogRefused(logger, surface, caller is null ? "client address" : "caller", policy.PermitLimit, policy.Window);
        }
        throw new TooManyRequestsException(Code,
            $"Too many requests (at most {policy.PermitLimit} per {policy.Window:c} per {(caller is null ? "client address" : "caller")}). Try again after the Retry-After delay.",
            Math.Max(1, (int)Math.Ceiling(refused.RetryAfter.TotalSeconds)));
    }

    /// <summary>For functions that map their own failures: the 429 to return, or null when the request may go on.</summary>
    public IActionResult? Refuse(RateLimitedSurface surface, HttpRequest request)
    {
        try
        {
            Throttle(surface, request);
            return null;
        }
        catch (TooManyRequestsException e)
        {
            return Problems.For(e, request);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit of {Surface} reached by a {Partition} ({PermitLimit} per {Window}); further refusals this window are not logged.")]
    private static partial void LogRefused(ILogger logger, RateLimitedSurface surface, string partition, int permitLimit, TimeSpan window);
}
