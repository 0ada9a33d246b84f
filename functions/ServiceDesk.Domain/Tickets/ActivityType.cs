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
}
