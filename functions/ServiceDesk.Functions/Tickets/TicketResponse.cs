using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Functions.Tickets;

/// <summary>Labels in both languages every user reads (Swedish and English).</summary>
public sealed record Label(string Sv, string En);

public sealed record RequesterResponse(string Id, string Name, string? Email, string? Phone, string Language);

public sealed record TicketResponse(
    string Number,
    TicketKind Kind,
    string CustomerId,
    TicketStatus Status,
    Label StatusLabel,
    PendingReason? PendingReason,
    int Priority,
    Label PriorityLabel,
    Impact Impact,
    Urgency Urgency,
    string Title,
    string Description,
    string? Category,
    string? Service,
    string? ConfigurationItem,
    Channel Channel,
    RequesterResponse Requester,
    string? AssignmentGroup,
    string? AssigneeId,
    string? AssigneeName,
    ResolutionCode? ResolutionCode,
    string? ResolutionNotes,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    int ReopenCount,
    IReadOnlyList<TicketLink> Links,
    IReadOnlyList<string> Watchers,
    long Version,
    SlaResponse? Sla,
    VendorClockResponse? Vendor)
{
    public static TicketResponse From(TicketState s)
    {
        var priority = PriorityMatrix.For(s.Impact, s.Urgency);
        return new TicketResponse(
            s.Number, s.Kind, s.CustomerId, s.Status, Labels.Of(s.Status), s.PendingReason, (int)priority, Labels.Of(priority),
            s.Impact, s.Urgency, s.Title, s.Description, s.Category, s.Service, s.ConfigurationItem, s.Channel,
            new RequesterResponse(s.Requester.Id, s.Requester.Name, s.Requester.Email, s.Requester.Phone, s.Requester.Language.ToString().ToLowerInvariant()),
            s.AssignmentGroup, s.AssigneeId, s.AssigneeName, s.ResolutionCode, s.ResolutionNotes,
            s.CreatedAt, s.CreatedBy.Name, s.UpdatedAt, s.FirstResponseAt, s.ResolvedAt, s.ClosedAt, s.ReopenCount,
            s.Links, s.Watchers, s.Version, SlaResponse.From(s.Sla), VendorClockResponse.From(s.Vendor, DateTimeOffset.UtcNow));
    }
}

public sealed record TicketSummaryResponse(
    string Number, TicketKind Kind, string CustomerId, string Title, TicketStatus Status, Label StatusLabel,
    PendingReason? PendingReason, int Priority, string? AssignmentGroup, string? AssigneeId, string RequesterId,
    string RequesterName, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string ETag, bool SlaBreached, DateTimeOffset? SlaDueAt)
{
    public static TicketSummaryResponse From(TicketSummary s) => new(
        s.Number, s.Kind, s.CustomerId, s.Title, s.Status, Labels.Of(s.Status), s.PendingReason, (int)s.Priority,
        s.AssignmentGroup, s.AssigneeId, s.RequesterId, s.RequesterName, s.CreatedAt, s.UpdatedAt, TicketETag.Format(s.Version),
        s.SlaBreached, s.SlaDueAt);
}

public static class Labels
{
    public static Label Of(TicketStatus status) => status switch
    {
        TicketStatus.New => new("Ny", "New"),
        TicketStatus.Assigned => new("Tilldelad", "Assigned"),
        TicketStatus.InProgress => new("Pågår", "In progress"),
        TicketStatus.Pending => new("Väntar", "Pending"),
        TicketStatus.Resolved => new("Löst", "Resolved"),
        TicketStatus.Closed => new("Stängd", "Closed"),
        TicketStatus.Cancelled => new("Avbruten", "Cancelled"),
        _ => new(status.ToString(), status.ToString()),
    };

    public static Label Of(Priority priority) => priority switch
    {
        Priority.Critical => new("1 – Kritisk", "1 – Critical"),
        Priority.High => new("2 – Hög", "2 – High"),
        Priority.Moderate => new("3 – Medel", "3 – Moderate"),
        Priority.Low => new("4 – Låg", "4 – Low"),
        Priority.Planning => new("5 – Planering", "5 – Planning"),
        _ => new(priority.ToString(), priority.ToString()),
    };
}
