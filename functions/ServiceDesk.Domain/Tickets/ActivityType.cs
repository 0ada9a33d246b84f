namespace ServiceDesk.Domain.Tickets;

public enum ActivityType
{
    Created,
    Comment,
    InternalNote,
    StatusChanged,
    AssignmentChanged,
    FieldsUpdated,
    LinkAdded,
    WatcherAdded,
    WatcherRemoved,
    NotificationSent,
    /// <summary>A monitoring source raised the alert behind this ticket again.</summary>
    AlertRecurred,
    /// <summary>A monitoring source reported that the alert behind this ticket recovered.</summary>
    AlertRecovered,
    LinkRemoved,
    /// <summary>A step of an approval or third-party workflow (notified, reminded, escalated, decided...).</summary>
    WorkflowStep,
}
