using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;

namespace ServiceDesk.Application.RemoteSessions;

/// <summary>
/// The device side of the registry: enrolment with a key (anonymous, authenticated by the key), heartbeat and
/// credential rotation (authenticated by the device credential). A refused key gets one answer whatever was wrong.
/// </summary>
public sealed partial class DeviceEnrolment(
    IRemoteSessionStore store, RemoteAccess access, IRemoteRateLimiter limiter, IOptions<RemoteSessionOptions> options, ILogger<DeviceEnrolment> logger,
    TimeProvider time)
{
    private const string InvalidKey = "The enrolment key is not valid (unknown, expired, revoked or used up).";

    /// <param name="clientAddress">The caller's IP address (its rate-limit partition), or null when unknown.</param>
    public async Task<DeviceCredentialView> EnrolAsync(EnrolDeviceInput input, string? clientAddress, CancellationToken ct)
    {
        Throttle(RemoteRateLimit.EnrolmentPerClient, clientAddress ?? "(unknown address)", clientAddress, null);
        if (DeviceSecrets.Split(input.EnrolmentKey) is { } named)
        {
            Throttle(RemoteRateLimit.EnrolmentPerKey, named.Id.Length <= 40 ? named.Id : "(invalid id)", clientAddress, named.Id);
        }
        var errors = new FieldErrors();
        var hostname = errors.Text("hostname", input.Hostname, Limits.ShortTextLength, required: true);
        var os = errors.Text("os", input.Os, Limits.ShortTextLength, required: true);
        var hardwareId = errors.Text("hardwareId", input.HardwareId, Limits.ShortTextLength, required: true);
        var signedIn = EnrolmentKeys.User(errors, "signedInUser", input.SignedInUser);
        if (string.IsNullOrWhiteSpace(input.EnrolmentKey))
        {
            errors.Add("enrolmentKey", FieldRule.Required, "'enrolmentKey' is required.");
        }
        errors.ThrowIfAny();
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            if (DeviceSecrets.Split(input.EnrolmentKey) is not { } parts || await store.FindKeyAsync(parts.Id, ct) is not { } found ||
                !DeviceSecrets.Matches(parts.Secret, found.Key.SecretHash) || found.Key.Revoked || found.Key.ExpiresAt <= now ||
                found.Key.Uses >= found.Key.MaxUses)
            {
                throw new UnauthenticatedException(InvalidKey);
            }
            var key = found.Key;
            await access.RequireEnabledAsync(key.CustomerId, ct);
            try
            {
                await store.SaveKeyAsync(key with { Uses = key.Uses + 1 }, found.ETag, ct);   // claims a use before the device exists
            }
            catch (PreconditionFailedException) when (attempt < 10)
            {
                continue;
            }
            var credential = DeviceSecrets.NewSecret();
            var device = new Device(DeviceSecrets.NewId("dev-"), key.CustomerId, hostname!, os!, hardwareId!, key.Owner ?? signedIn, signedIn,
                key.Id, key.CreatedBy, now, now, DeviceStatus.Active, DeviceSecrets.Hash(credential), now);
            await store.InsertDeviceAsync(device, ct);
            await access.AuditAsync(device.Id, "enrolled", RemoteAccess.DeviceActorPrefix + device.Id,
                $"Enrolled {hostname} ({os}) with enrolment key {key.Id}.", null, null, ct);
            return new DeviceCredentialView(device.Id, device.CustomerId, credential);
        }
    }

    /// <summary>
    /// Enrolment attempts are counted per client address and per key id before the key is checked. No device exists
    /// yet, so a refusal is logged (first of its window) rather than written to a device audit log.
    /// </summary>
    private void Throttle(RemoteRateLimit limit, string partition, string? clientAddress, string? keyId)
    {
        if (limiter.TryAcquire(limit, partition) is not { } refused)
        {
            return;
        }
        var perMinute = options.Value.EnrolmentsPerMinute;
        if (refused.FirstInWindow)
        {
            LogEnrolmentThrottled(logger, limit == RemoteRateLimit.EnrolmentPerClient ? "client address" : "enrolment key",
                clientAddress ?? "(unknown)", keyId is null ? "(none)" : ConnectionRequests.Clip(keyId), perMinute);
        }
        throw RemoteAccess.TooMany(refused, limit == RemoteRateLimit.EnrolmentPerClient
            ? $"Too many enrolment attempts from this address (at most {perMinute} a minute)."
            : $"Too many enrolment attempts with this enrolment key (at most {perMinute} a minute).");
    }

    [LoggerMessage(EventId = 7301, Level = LogLevel.Warning,
        Message = "Refused device enrolment: more than {PerMinute} attempts a minute per {Partition} (client {ClientAddress}, key id {KeyId}); further refusals this minute are not logged.")]
    private static partial void LogEnrolmentThrottled(ILogger logger, string partition, string clientAddress, string keyId, int perMinute);

    public async Task<DeviceView> HeartbeatAsync(string deviceId, string? credential, CancellationToken ct)
    {
        await access.ThrottleDeviceAsync(RemoteRateLimit.DeviceCall, deviceId, "heartbeat", ct);
        var (device, etag) = await access.AuthenticateDeviceAsync(deviceId, credential, "heartbeat", ct);
        var seen = device with { LastSeenAt = time.GetUtcNow() };
        try
        {
            await store.SaveDeviceAsync(seen, etag, ct);
        }
        catch (PreconditionFailedException)
        {
            // Changed meanwhile (rotated, revoked): this heartbeat is not worth a retry; the next one records it.
        }
        return DeviceView.From(seen);
    }

    /// <summary>The device replaces its credential; the old one stops working at once.</summary>
    public async Task<DeviceCredentialView> RotateAsync(string deviceId, string? credential, CancellationToken ct)
    {
        await access.ThrottleDeviceAsync(RemoteRateLimit.DeviceCall, deviceId, "credential rotation", ct);
        var (device, etag) = await access.AuthenticateDeviceAsync(deviceId, credential, "credential rotation", ct);
        var fresh = DeviceSecrets.NewSecret();
        var now = time.GetUtcNow();
        await store.SaveDeviceAsync(device with { CredentialHash = DeviceSecrets.Hash(fresh), CredentialIssuedAt = now, LastSeenAt = now }, etag, ct);
        await access.AuditAsync(device.Id, "credential-rotated", RemoteAccess.DeviceActorPrefix + device.Id, "The device rotated its credential.", null, null, ct);
        return new DeviceCredentialView(device.Id, device.CustomerId, fresh);
    }
}
