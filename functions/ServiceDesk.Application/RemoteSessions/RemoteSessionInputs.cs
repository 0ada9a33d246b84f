namespace ServiceDesk.Application.RemoteSessions;

public sealed record DeviceUserInput(string? UserId, string? Name, string? Email);

/// <summary><c>POST /api/customers/{id}/enrolment-keys</c>: valid for 1 to 720 hours (default 24), 1 to 1000 uses (default 1).</summary>
public sealed record EnrolmentKeyInput
{
    public string? Label { get; init; }
    public int? ValidHours { get; init; }
    public int? MaxUses { get; init; }
    /// <summary>The user the enrolled devices belong to (else the device's signed-in user, when it reports one).</summary>
    public DeviceUserInput? Owner { get; init; }
}

/// <summary><c>POST /api/devices/enrol</c>: the enrolment key and the device's facts.</summary>
public sealed record EnrolDeviceInput
{
    public string? EnrolmentKey { get; init; }
    public string? Hostname { get; init; }
    public string? Os { get; init; }
    public string? HardwareId { get; init; }
    public DeviceUserInput? SignedInUser { get; init; }
}

/// <summary><c>PUT /api/customers/{id}/remote-control</c>.</summary>
public sealed record RemoteControlSettingsInput
{
    public bool? Enabled { get; init; }
    public bool? UsersMayRemoveDevices { get; init; }
}

/// <summary><c>POST /api/tickets/{number}/remote-requests</c>: 1 to 480 expected minutes (default 30).</summary>
public sealed record ConnectionRequestInput
{
    public string? DeviceId { get; init; }
    public string? Reason { get; init; }
    public int? ExpectedMinutes { get; init; }
}

/// <summary><c>POST /api/devices/{id}/connection-requests/{rid}/decision</c>: the user's answer at the device.</summary>
public sealed record ConnectionDecisionInput
{
    public bool? Approve { get; init; }
    /// <summary>Who answered at the device (its signed-in user), when the tool knows.</summary>
    public string? UserId { get; init; }
    public string? UserName { get; init; }
}

/// <summary><c>POST /api/remote-sessions/{id}/start</c>.</summary>
public sealed record StartSessionInput
{
    public string? Grant { get; init; }
    public string? TicketNumber { get; init; }
}

/// <summary><c>POST /api/remote-sessions/{id}/reports</c>: what the technician's tool did.</summary>
public sealed record SessionReportInput
{
    public string? Text { get; init; }
}
