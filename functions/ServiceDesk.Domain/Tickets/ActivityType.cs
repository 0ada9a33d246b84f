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
    /// <summary>A service level target was breached.</summary>
    SlaBreached,
    /// <summary>An escalation step of a service level target was taken (who was told, and a move to another group).</summary>
    SlaEscalated,
    /// <summary>This ticket is the master of a major incident that was declared; updated; resolved.</summary>
    MajorIncidentDeclared,
    MajorIncidentUpdated,
    MajorIncidentResolved,
    /// <summary>This ticket was linked to a major incident (its requester is told the incident is known).</summary>
    MajorIncidentLinked,
    /// <summary>An alert storm on this ticket suggests declaring a major incident (a person decides).</summary>
    MajorIncidentProposed,
    /// <summary>A file was attached to the ticket (stored outside the ticket; the activity names it).</summary>
    AttachmentAdded,
}
