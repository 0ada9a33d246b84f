using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Events;

/// <summary>
/// Something that happened to a ticket that other parties hear about (other services, the requester by mail).
/// Every event is one activity-log entry of the ticket; its id <c>{number}:{sequence}</c> is stable, so a
/// handler that sees it twice can tell.
/// </summary>
public sealed record TicketEvent(
    string Id,
    string Type,
    string Number,
    string CustomerId,
    int Sequence,
    ActivityType ActivityType,
    Actor Actor,
    DateTimeOffset At,
    string? Text,
    IReadOnlyDictionary<string, string> Data,
    TicketState Ticket)
{
    public static string IdOf(string number, int sequence) => $"{number}:{sequence}";
}

/// <summary>CloudEvents type names of ticket events, and which activities are announced at all.</summary>
public static class TicketEventTypes
{
    public const string Created = "servicedesk.ticket.created";
    public const string StatusChanged = "servicedesk.ticket.statusChanged";
    public const string Assigned = "servicedesk.ticket.assigned";
    public const string Commented = "servicedesk.ticket.commented";
    public const string Resolved = "servicedesk.ticket.resolved";
    public const string Closed = "servicedesk.ticket.closed";
    public const string LinkedToProblem = "servicedesk.ticket.linkedToProblem";
    public const string SlaEscalated = "servicedesk.ticket.slaEscalated";
    public const string SlaBreached = "servicedesk.ticket.slaBreached";
    public const string MajorIncidentDeclared = "servicedesk.majorIncident.declared";
    public const string MajorIncidentUpdated = "servicedesk.majorIncident.updated";
    public const string MajorIncidentResolved = "servicedesk.majorIncident.resolved";
    public const string MajorIncidentProposed = "servicedesk.majorIncident.proposed";
    public const string LinkedToMajorIncident = "servicedesk.ticket.linkedToMajorIncident";

    /// <summary>The event type of an activity, or null when the activity is not announced (internal notes, edits...).</summary>
    public static string? Of(Activity activity) => activity.Type switch
    {
        ActivityType.Created => Created,
        ActivityType.Comment => Commented,
        ActivityType.AssignmentChanged => Assigned,
        ActivityType.StatusChanged when activity.Data.GetValueOrDefault("to") == nameof(TicketStatus.Resolved) => Resolved,
        ActivityType.StatusChanged when activity.Data.GetValueOrDefault("to") == nameof(TicketStatus.Closed) => Closed,
        ActivityType.StatusChanged => StatusChanged,
        ActivityType.LinkAdded when activity.Data.GetValueOrDefault("type") == nameof(LinkType.CausedBy) => LinkedToProblem,
        ActivityType.SlaEscalated => SlaEscalated,
        ActivityType.SlaBreached => SlaBreached,
        ActivityType.MajorIncidentDeclared => MajorIncidentDeclared,
        ActivityType.MajorIncidentUpdated => MajorIncidentUpdated,
        ActivityType.MajorIncidentResolved => MajorIncidentResolved,
        ActivityType.MajorIncidentProposed => MajorIncidentProposed,
        ActivityType.MajorIncidentLinked => LinkedToMajorIncident,
        _ => null,
    };
}
