using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using Microsoft.Extensions.Options;
using ServiceDesk.Domain.Common;

namespace ServiceDesk.Application.RemoteSessions;

/// <summary>
/// The checks every remote-control use case shares: the customer's policy, who administers a customer, device
/// authentication by credential, and the audit log (refusals are written to it as security events before they are thrown).
/// Nothing here logs or stores a credential or a grant.
/// </summary>
public sealed class RemoteAccess(
    IRemoteSessionStore store, ICustomerDirectory customers, IRemoteRateLimiter limiter, IOptions<RemoteSessionOptions> options, TimeProvider time)
{
    public const string DeviceActorPrefix = "device:";
    public const string RateLimitedCode = ProblemCodes.RemoteRateLimited;

    /// <summary>
    /// Takes one permit of <paramref name="limit"/> for the device named in the route, before its credential is checked.
    /// A refusal is a 429 with Retry-After; the first refusal of a window is a security event on the device when it exists
    /// (later ones in the same window are not written, so a flood does not flood the audit log).
    /// </summary>
    public async Task ThrottleDeviceAsync(RemoteRateLimit limit, string deviceId, string action, CancellationToken ct)
    {
        var valid = DeviceId(deviceId);
        if (limiter.TryAcquire(limit, valid ? deviceId : "(invalid id)") is not { } refused)
        {
            return;
        }
        var perMinute = limit == RemoteRateLimit.Decision ? options.Value.DecisionsPerMinute : options.Value.DeviceCallsPerMinute;
        if (refused.FirstInWindow && valid && await store.FindDeviceAsync(deviceId, ct) is { } found)
        {
            await SecurityEventAsync(found.Device.Id, "unauthenticated caller",
                $"Refused {action}: more than {perMinute} a minute for this device (rate limit); further refusals this minute are not recorded.", null, null, ct);
        }
        throw TooMany(refused, $"Too many {action} calls for this device (at most {perMinute} a minute).");
    }

    public static TooManyRequestsException TooMany(RateLimitRefusal refused, string detail) =>
        new(RateLimitedCode, detail + " Try again after the Retry-After delay.", Math.Max(1, (int)Math.Ceiling(refused.RetryAfter.TotalSeconds)));

    public async Task<RemoteControlSettings> SettingsAsync(string customerId, CancellationToken ct) =>
        await store.GetSettingsAsync(customerId, ct) ?? RemoteControlSettings.Default(customerId);

    public async Task RequireEnabledAsync(string customerId, CancellationToken ct)
    {
        if (!(await SettingsAsync(customerId, ct)).Enabled)
        {
            throw new RemoteControlDisabledException();
        }
    }

    /// <summary>
    /// Admins of the customer itself (an Admin whose own organisation is that customer) and the supplier's admins (an
    /// Admin whose organisation is not a registered customer). An admin of another customer may not.
    /// </summary>
    public async Task RequireAdminForAsync(Caller caller, string customerId, CancellationToken ct)
    {
        if (!caller.Has(Role.Admin) ||
            (!string.Equals(caller.CustomerId, customerId, StringComparison.Ordinal) && await customers.FindAsync(caller.CustomerId, ct) is not null))
        {
            throw new ForbiddenException("Only the customer's admins or the supplier's admins may do this.");
        }
    }

    /// <summary>Staff serving the customer (agents, admins), but not an admin of another customer.</summary>
    public async Task<bool> IsStaffForAsync(Caller caller, string customerId, CancellationToken ct) =>
        caller.IsStaff && caller.Serves(customerId) &&
        (!caller.Has(Role.Admin) || caller.Has(Role.Agent) || string.Equals(caller.CustomerId, customerId, StringComparison.Ordinal) ||
         await customers.FindAsync(caller.CustomerId, ct) is null);

    public static bool IsOwner(Caller caller, Device device) =>
        string.Equals(caller.CustomerId, device.CustomerId, StringComparison.Ordinal) &&
        device.Owner?.UserId is { } owner && string.Equals(owner, caller.UserId, StringComparison.Ordinal);

    /// <summary>
    /// The device, when <paramref name="credential"/> is its current credential, it is active and its customer allows
    /// remote control. A wrong credential is a security event on the device (when it exists) and a 401.
    /// </summary>
    public async Task<(Device Device, string ETag)> AuthenticateDeviceAsync(string deviceId, string? credential, string action, CancellationToken ct)
    {
        var found = DeviceId(deviceId) ? await store.FindDeviceAsync(deviceId, ct) : null;
        if (found is not { } f || !DeviceSecrets.Matches(credential, f.Device.CredentialHash))
        {
            if (found is { } existing)
            {
                await SecurityEventAsync(existing.Device.Id, "anonymous", $"Refused {action}: the device credential did not match.", null, null, ct);
            }
            throw new UnauthenticatedException("A valid device credential is required (Authorization: Device <credential>).");
        }
        if (f.Device.Status != DeviceStatus.Active)
        {
            await SecurityEventAsync(f.Device.Id, DeviceActorPrefix + f.Device.Id, $"Refused {action}: the device is {f.Device.Status.ToString().ToLowerInvariant()}.", null, null, ct);
            throw new ForbiddenException($"The device is {f.Device.Status.ToString().ToLowerInvariant()}.");
        }
        await RequireEnabledAsync(f.Device.CustomerId, ct);
        return f;
    }

    public static bool DeviceId(string? id) => id is { Length: > 4 and <= 40 } && id.StartsWith("dev-", StringComparison.Ordinal) && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');

    public Task AuditAsync(string deviceId, string type, string actor, string text, string? ticket, string? requestId, CancellationToken ct) =>
        store.AppendAuditAsync(new DeviceAuditEntry(deviceId, time.GetUtcNow(), type, actor, text, ticket, requestId), ct);

    public Task SecurityEventAsync(string deviceId, string actor, string text, string? ticket, string? requestId, CancellationToken ct) =>
        store.AppendAuditAsync(new DeviceAuditEntry(deviceId, time.GetUtcNow(), "security", actor, text, ticket, requestId, Security: true), ct);

    public async Task<Language> LanguageAsync(string customerId, CancellationToken ct) =>
        (await customers.FindAsync(customerId, ct))?.DefaultLanguage ?? Language.Sv;

    public static string Actor(Caller caller) => $"{caller.Name} ({caller.UserId})";
}
