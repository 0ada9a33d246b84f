using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;

namespace ServiceDesk.Application.RemoteSessions;

/// <summary>
/// The registry as people see it: staff serving a customer list its devices and read any device's audit log; an end
/// user sees the devices they own and their logs, and may remove one when the customer allows it; admins revoke
/// devices and set the customer's remote-control policy. Devices a caller may not see are reported missing.
/// </summary>
public sealed class DeviceRegistry(IRemoteSessionStore store, RemoteAccess access, TimeProvider time)
{
    public async Task<IReadOnlyList<DeviceView>> ListForCustomerAsync(Caller caller, string customerId, CancellationToken ct)
    {
        if (!await access.IsStaffForAsync(caller, customerId, ct))
        {
            throw new ForbiddenException("Only staff serving the customer may list its devices.");
        }
        return (await store.ListDevicesAsync(customerId, ct)).OrderBy(d => d.Hostname, StringComparer.OrdinalIgnoreCase).Select(DeviceView.From).ToList();
    }

    public async Task<IReadOnlyList<DeviceView>> ListMineAsync(Caller caller, CancellationToken ct) =>
        (await store.ListDevicesAsync(caller.CustomerId, ct))
            .Where(d => RemoteAccess.IsOwner(caller, d) && d.Status != DeviceStatus.Removed)
            .OrderBy(d => d.Hostname, StringComparer.OrdinalIgnoreCase).Select(DeviceView.From).ToList();

    public async Task<DeviceView> GetAsync(Caller caller, string deviceId, CancellationToken ct) =>
        DeviceView.From((await VisibleAsync(caller, deviceId, ct)).Device);

    public async Task<IReadOnlyList<DeviceAuditEntry>> AuditAsync(Caller caller, string deviceId, CancellationToken ct)
    {
        await VisibleAsync(caller, deviceId, ct);
        return await store.AuditAsync(deviceId, ct);
    }

    /// <summary>An admin of the customer revokes the device: its credential and every pending request stop working at once.</summary>
    public async Task<DeviceView> RevokeAsync(Caller caller, string deviceId, CancellationToken ct)
    {
        var (device, _) = await VisibleAsync(caller, deviceId, ct);
        await access.RequireAdminForAsync(caller, device.CustomerId, ct);
        return await SetStatusAsync(caller, deviceId, DeviceStatus.Revoked, ct);
    }

    /// <summary>The owner removes their device (when the customer's policy allows it), or an admin of the customer does.</summary>
    public async Task<DeviceView> RemoveAsync(Caller caller, string deviceId, CancellationToken ct)
    {
        var (device, _) = await VisibleAsync(caller, deviceId, ct);
        if (RemoteAccess.IsOwner(caller, device))
        {
            if (!(await access.SettingsAsync(device.CustomerId, ct)).UsersMayRemoveDevices)
            {
                throw new ForbiddenException("Your organisation does not let users remove their devices; ask the service desk.");
            }
        }
        else
        {
            await access.RequireAdminForAsync(caller, device.CustomerId, ct);
        }
        return await SetStatusAsync(caller, deviceId, DeviceStatus.Removed, ct);
    }

    public async Task<RemoteControlSettings> GetSettingsAsync(Caller caller, string customerId, CancellationToken ct)
    {
        if (!await access.IsStaffForAsync(caller, customerId, ct))
        {
            await access.RequireAdminForAsync(caller, customerId, ct);
        }
        return await access.SettingsAsync(customerId, ct);
    }

    public async Task<RemoteControlSettings> PutSettingsAsync(Caller caller, string customerId, RemoteControlSettingsInput input, CancellationToken ct)
    {
        await access.RequireAdminForAsync(caller, customerId, ct);
        if (input.Enabled is null)
        {
            throw ValidationException.For("enabled", FieldRule.Required, "'enabled' is required.");
        }
        var settings = new RemoteControlSettings(customerId, input.Enabled.Value, input.UsersMayRemoveDevices ?? false, time.GetUtcNow(), RemoteAccess.Actor(caller));
        await store.PutSettingsAsync(settings, ct);
        return settings;
    }

    private async Task<DeviceView> SetStatusAsync(Caller caller, string deviceId, DeviceStatus status, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (device, etag) = (await store.FindDeviceAsync(deviceId, ct))!.Value;
            if (device.Status == status)
            {
                return DeviceView.From(device);
            }
            if (device.Status == DeviceStatus.Removed)
            {
                throw new ConflictException("device.removed", "The device was removed.");
            }
            var changed = device with { Status = status, StatusChangedAt = time.GetUtcNow(), StatusChangedBy = RemoteAccess.Actor(caller) };
            try
            {
                await store.SaveDeviceAsync(changed, etag, ct);
            }
            catch (PreconditionFailedException) when (attempt < 5)
            {
                continue;
            }
            await access.AuditAsync(deviceId, status == DeviceStatus.Revoked ? "revoked" : "removed", RemoteAccess.Actor(caller),
                $"The device was {status.ToString().ToLowerInvariant()} by {caller.Name}.", null, null, ct);
            return DeviceView.From(changed);
        }
    }

    private async Task<(Device Device, string ETag)> VisibleAsync(Caller caller, string deviceId, CancellationToken ct)
    {
        var notFound = new NotFoundException("The device was not found.");
        if (!RemoteAccess.DeviceId(deviceId) || await store.FindDeviceAsync(deviceId, ct) is not { } found)
        {
            throw notFound;
        }
        return RemoteAccess.IsOwner(caller, found.Device) || await access.IsStaffForAsync(caller, found.Device.CustomerId, ct) ? found : throw notFound;
    }
}
