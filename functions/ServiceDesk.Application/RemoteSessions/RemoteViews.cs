namespace ServiceDesk.Application.RemoteSessions;

/// <summary>A device as callers see it (never its credential hash).</summary>
public sealed record DeviceView(
    string Id, string CustomerId, string Hostname, string Os, string HardwareId, DeviceUser? Owner, DeviceUser? SignedInUser,
    string EnrolledBy, DateTimeOffset EnrolledAt, DateTimeOffset? LastSeenAt, DeviceStatus Status, DateTimeOffset CredentialIssuedAt)
{
    public static DeviceView From(Device d) => new(d.Id, d.CustomerId, d.Hostname, d.Os, d.HardwareId, d.Owner, d.SignedInUser,
        d.EnrolledBy, d.EnrolledAt, d.LastSeenAt, d.Status, d.CredentialIssuedAt);
}

/// <summary>An enrolment key as admins see it; <see cref="Key"/> (the secret) only in the answer that created it.</summary>
public sealed record EnrolmentKeyView(
    string Id, string CustomerId, string? Label, DeviceUser? Owner, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset ExpiresAt,
    int MaxUses, int Uses, bool Revoked, string? Key = null)
{
    public static EnrolmentKeyView From(EnrolmentKey k, string? key = null) =>
        new(k.Id, k.CustomerId, k.Label, k.Owner, k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.MaxUses, k.Uses, k.Revoked, key);
}

/// <summary>The answer to an enrolment or a rotation: the credential is shown this once.</summary>
public sealed record DeviceCredentialView(string DeviceId, string CustomerId, string Credential);

/// <summary>What the device tool shows the user: who asks, for which ticket, why, in the user's language.</summary>
public sealed record ConnectionPromptView(
    string RequestId, string TechnicianName, string TicketNumber, string TicketTitle, string Reason, int ExpectedMinutes,
    DateTimeOffset AnswerBy, string Language, string Prompt);

/// <summary>A request as the technician and staff see it; <see cref="Grant"/> only for the requesting technician while it is usable.</summary>
public sealed record ConnectionRequestView(
    string Id, string DeviceId, string TicketNumber, string TechnicianId, string TechnicianName, string Reason, int ExpectedMinutes,
    DateTimeOffset CreatedAt, DateTimeOffset AnswerBy, string Status, DateTimeOffset? AnsweredAt, DateTimeOffset? GrantExpiresAt,
    DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, string? EndedBy, string? Grant = null);
