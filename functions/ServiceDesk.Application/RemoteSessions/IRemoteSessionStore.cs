namespace ServiceDesk.Application.RemoteSessions;

/// <summary>
/// Remote-control storage: settings, enrolment keys, devices (with an index per customer), connection requests and the
/// per-device audit log, which is only ever appended to. Saves take the ETag they read and throw
/// <see cref="Common.PreconditionFailedException"/> when someone else saved first.
/// </summary>
public interface IRemoteSessionStore
{
    Task<RemoteControlSettings?> GetSettingsAsync(string customerId, CancellationToken ct);
    Task PutSettingsAsync(RemoteControlSettings settings, CancellationToken ct);

    Task InsertKeyAsync(EnrolmentKey key, CancellationToken ct);
    Task<(EnrolmentKey Key, string ETag)?> FindKeyAsync(string keyId, CancellationToken ct);
    Task<IReadOnlyList<EnrolmentKey>> ListKeysAsync(string customerId, CancellationToken ct);
    Task SaveKeyAsync(EnrolmentKey key, string etag, CancellationToken ct);

    Task InsertDeviceAsync(Device device, CancellationToken ct);
    Task<(Device Device, string ETag)?> FindDeviceAsync(string deviceId, CancellationToken ct);
    Task SaveDeviceAsync(Device device, string etag, CancellationToken ct);
    Task<IReadOnlyList<Device>> ListDevicesAsync(string customerId, CancellationToken ct);

    Task InsertRequestAsync(ConnectionRequest request, CancellationToken ct);
    Task<(ConnectionRequest Request, string ETag)?> FindRequestAsync(string requestId, CancellationToken ct);
    Task SaveRequestAsync(ConnectionRequest request, string etag, CancellationToken ct);
    Task<IReadOnlyList<ConnectionRequest>> PendingRequestsAsync(string deviceId, CancellationToken ct);

    Task AppendAuditAsync(DeviceAuditEntry entry, CancellationToken ct);
    Task<IReadOnlyList<DeviceAuditEntry>> AuditAsync(string deviceId, CancellationToken ct);
}
