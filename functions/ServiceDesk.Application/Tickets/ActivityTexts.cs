using ServiceDesk.Application.Common;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>
/// What a system-written activity entry says, in Swedish and English: a stable code (<c>activity.status.resolved</c>),
/// its args (group, linked ticket…) and the texts from the catalogue (<see cref="TextCatalog"/>, section
/// <c>activities</c>) with the args filled in. Comments and internal notes are people's own words and have none.
/// </summary>
public static class ActivityTexts
{
    /// <summary>Approval log kinds that have their own text; others get the generic workflow text.</summary>
    public static readonly IReadOnlyList<string> ApprovalEvents = ["started", "reminded", "escalated", "completed", "decided", "expired"];

    /// <summary>Vendor workflow events that have their own text.</summary>
    public static readonly IReadOnlyList<string> VendorEvents = ["vendorClockStarted", "targetMissed"];

    public sealed record Description(string Code, IReadOnlyDictionary<string, string> Args, BilingualText Text);

    /// <summary>The entry's code, args and texts; null for comments and internal notes.</summary>
    public static Description? Describe(Activity activity, TextCatalog? catalog = null)
    {
        var (code, args) = CodeOf(activity);
        if (code is null)
        {
            return null;
        }
        var texts = (catalog ?? TextCatalog.Default).Activities;
        if (!texts.TryGetValue(code, out var template))
        {
            return null;
        }
        return new Description(code, args, new BilingualText(Fill(template.Sv, args), Fill(template.En, args)));
    }

    /// <summary>The code and args of an entry (null code for people's own words).</summary>
    public static (string? Code, IReadOnlyDictionary<string, string> Args) CodeOf(Activity activity)
    {
        var data = activity.Data;
        string Get(string key) => data.TryGetValue(key, out var v) ? v : "";
        var none = new Dictionary<string, string>();
        return activity.Type switch
        {
            ActivityType.Comment or ActivityType.InternalNote => (null, none),
            ActivityType.Created => ("activity.created", none),
            ActivityType.StatusChanged when System.Enum.TryParse<TicketStatus>(Get("to"), out var to) =>
                ("activity.status." + Camel(to.ToString()), none),
            ActivityType.StatusChanged => ("activity.statusChanged", none),
            ActivityType.AssignmentChanged => ("activity.assigned", new Dictionary<string, string> { ["group"] = Get("toGroup") }),
            ActivityType.FieldsUpdated => ("activity.fieldsUpdated", none),
            ActivityType.LinkAdded => ("activity.linkAdded", new Dictionary<string, string> { ["target"] = Get("target") }),
            ActivityType.LinkRemoved => ("activity.linkRemoved", new Dictionary<string, string> { ["target"] = Get("target") }),
            ActivityType.WatcherAdded => ("activity.watcherAdded", none),
            ActivityType.WatcherRemoved => ("activity.watcherRemoved", none),
            ActivityType.NotificationSent => ("activity.notificationSent", none),
            ActivityType.AlertRecurred => ("activity.alertRecurred", none),
            ActivityType.AlertRecovered => ("activity.alertRecovered", none),
            ActivityType.WorkflowStep => Workflow(Get("workflow"), Get("event")),
            ActivityType.SlaBreached => ("activity.slaBreached", none),
            ActivityType.SlaEscalated => ("activity.slaEscalated", none),
            ActivityType.MajorIncidentDeclared => ("activity.majorIncident.declared", none),
            ActivityType.MajorIncidentUpdated => ("activity.majorIncident.updated", none),
            ActivityType.MajorIncidentResolved => ("activity.majorIncident.resolved", none),
            ActivityType.MajorIncidentLinked => ("activity.majorIncident.linked", none),
            ActivityType.MajorIncidentProposed => ("activity.majorIncident.proposed", none),
            _ => ("activity.other", none),
        };
    }

    private static (string?, IReadOnlyDictionary<string, string>) Workflow(string workflow, string kind)
    {
        var none = new Dictionary<string, string>();
        return workflow switch
        {
            "approval" when ApprovalEvents.Contains(kind) => ($"activity.approval.{kind}", none),
            "vendor" when VendorEvents.Contains(kind) => ($"activity.vendor.{kind}", none),
            _ => ("activity.workflowStep", none),
        };
    }

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Fill(string template, IReadOnlyDictionary<string, string> args)
    {
        foreach (var (name, value) in args)
        {
            template = template.Replace("{" + name + "}", value, StringComparison.Ordinal);
        }
        return template;
    }
}
