namespace ServiceDesk.Functions.Http;

/// <summary>The public surfaces with a rate limit of their own (<see cref="RateLimits"/>).</summary>
public enum RateLimitedSurface
{
    /// <summary><c>POST /api/inbound/email</c>, per client IP.</summary>
    InboundMail,

    /// <summary><c>POST /api/dev/token</c> (local only), per client IP.</summary>
    DevToken,

    /// <summary>Signed-link pages and decisions (<c>GET/POST /api/approvals/link</c>), per client IP.</summary>
    SignedLinks,

    /// <summary><c>POST /api/vendors/{vendorId}/callback</c>, per client IP.</summary>
    VendorCallbacks,

    /// <summary><c>POST /api/tickets</c>, per caller (customer and user id).</summary>
    PortalCreate,
}

/// <summary>
/// Rate limits of the public surfaces (<c>ServiceDesk:RateLimits</c>): fixed windows in memory, so per instance. The
/// defaults are far above what a person or a well-behaved integration sends; they stop floods, not use. Device enrolment
/// keeps its own limits in <c>ServiceDesk:RemoteSessions</c> (per client IP and per enrolment key), on the same limiter.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "ServiceDesk:RateLimits";

    public RateLimitPolicy InboundMail { get; set; } = new() { PermitLimit = 1200 };
    public RateLimitPolicy DevToken { get; set; } = new() { PermitLimit = 1200 };
    public RateLimitPolicy SignedLinks { get; set; } = new() { PermitLimit = 300 };
    public RateLimitPolicy VendorCallbacks { get; set; } = new() { PermitLimit = 600 };
    public RateLimitPolicy PortalCreate { get; set; } = new() { PermitLimit = 600 };

    public RateLimitPolicy For(RateLimitedSurface surface) => surface switch
    {
        RateLimitedSurface.InboundMail => InboundMail,
        RateLimitedSurface.DevToken => DevToken,
        RateLimitedSurface.SignedLinks => SignedLinks,
        RateLimitedSurface.VendorCallbacks => VendorCallbacks,
        _ => PortalCreate,
    };

    public bool IsValid => Enum.GetValues<RateLimitedSurface>().All(s => For(s).IsValid);
}

/// <summary>At most <see cref="PermitLimit"/> requests per <see cref="Window"/> in one partition.</summary>
public sealed class RateLimitPolicy
{
    public const int MaxPermitLimit = 1_000_000;

    public int PermitLimit { get; set; } = 600;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsValid => PermitLimit is >= 1 and <= MaxPermitLimit && Window >= TimeSpan.FromSeconds(1) && Window <= TimeSpan.FromHours(24);
}
