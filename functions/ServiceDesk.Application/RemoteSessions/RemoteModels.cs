namespace ServiceDesk.Application.RemoteSessions;

public enum DeviceStatus
{
    Active,
    Revoked,
    Removed,
}

/// <summary>A user of the customer: the owner of a device, or who was signed in when it enrolled.</summary>
public sealed record DeviceUser(string? UserId, string? Name, string? Email);

/// <summary>
/// An enrolled device of one customer. Only the SHA-256 hash of its credential is kept (<see cref="CredentialHash"/>);
/// the credential itself was shown once, to the device, at enrolment or rotation.
/// </summary>
public sealed record Device(
    string Id,
    string CustomerId,
    string Hostname,
    string Os,
    string HardwareId,
    DeviceUser? Owner,
    DeviceUser? SignedInUser,
    string EnrolmentKeyId,
    string EnrolledBy,
    DateTimeOffset EnrolledAt,
    DateTimeOffset? LastSeenAt,
    DeviceStatus Status,
    string CredentialHash,
    DateTimeOffset CredentialIssuedAt,
    DateTimeOffset? StatusChangedAt = null,
    string? StatusChangedBy = null);

/// <summary>A key that enrols up to <see cref="MaxUses"/> devices of one customer until it expires or is revoked; stored hashed.</summary>
public sealed record EnrolmentKey(
    string Id,
    string CustomerId,
    string SecretHash,
    string? Label,
    DeviceUser? Owner,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset ExpiresAt,
    int MaxUses,
    int Uses,
    bool Revoked);

public enum ConnectionRequestStatus
{
    Pending,
    Approved,
    Denied,
    Started,
    Ended,
}

/// <summary>
/// A technician's request to connect to a device for a ticket. Only an approval gives a grant: its expiry and nonce are
/// kept here (the token is signed again from them when the technician reads it), and starting the session consumes it.
/// </summary>
public sealed record ConnectionRequest(
    string Id,
    string DeviceId,
    string CustomerId,
    string TicketNumber,
    string TicketTitle,
    string TechnicianId,
    string TechnicianName,
    string Reason,
    int ExpectedMinutes,
    DateTimeOffset CreatedAt,
    DateTimeOffset AnswerBy,
    ConnectionRequestStatus Status,
    DateTimeOffset? AnsweredAt = null,
    string? AnsweredBy = null,
    DateTimeOffset? GrantExpiresAt = null,
    string? GrantNonce = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? EndedAt = null,
    string? EndedBy = null);

/// <summary>One line of a device's append-only audit log; <see cref="Security"/> marks refused attempts.</summary>
public sealed record DeviceAuditEntry(
    string DeviceId,
    DateTimeOffset At,
    string Type,
    string Actor,
    string Text,
    string? TicketNumber = null,
    string? RequestId = null,
    bool Security = false);

/// <summary>A customer's remote-control policy: on by default; end users may not remove their devices unless allowed.</summary>
public sealed record RemoteControlSettings(string CustomerId, bool Enabled, bool UsersMayRemoveDevices, DateTimeOffset UpdatedAt, string UpdatedBy)
{
    public static RemoteControlSettings Default(string customerId) => new(customerId, true, false, DateTimeOffset.MinValue, "");
}
