using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.MajorIncidents;

namespace ServiceDesk.Domain.Tickets;

/// <summary>The ticket's part in major incidents: a child linked to one, or the master whose declaration and updates are logged.</summary>
public sealed partial class Ticket
{
    /// <summary>
    /// Links this incident to a major incident as its child: it waits for the major incident instead of being worked on
    /// its own, and the log entry carries the incident's latest message for the requester. Linking twice does nothing.
    /// </summary>
    public bool JoinMajorIncident(string masterNumber, BilingualText message, Actor actor, DateTimeOffset now)
    {
        var link = new TicketLink(LinkType.Parent, masterNumber);
        if (_state.Links.Contains(link))
        {
            return false;
        }
        RequireOpen("link to a major incident");
        AddLink(link, actor, now);
        Append(ActivityType.MajorIncidentLinked, actor, now, message.En, new Dictionary<string, string>
        {
            ["majorIncident"] = masterNumber,
            ["messageSv"] = message.Sv,
            ["messageEn"] = message.En,
        });
        if (Status != TicketStatus.Pending || _state.PendingReason != PendingReason.AwaitingMajorIncident)
        {
            _state = _state with { PendingReason = PendingReason.AwaitingMajorIncident };
            ChangeStatus(TicketStatus.Pending, actor, now, $"Part of major incident {masterNumber}.",
                ("pendingReason", nameof(PendingReason.AwaitingMajorIncident)));
        }
        return true;
    }

    /// <summary>Undoes a (wrong) link: the ticket is worked on its own again (assigned if it has a group, else new).</summary>
    public bool LeaveMajorIncident(string masterNumber, Actor actor, DateTimeOffset now)
    {
        var link = new TicketLink(LinkType.Parent, masterNumber);
        if (!_state.Links.Contains(link))
        {
            return false;
        }
        RemoveLink(link, actor, now);
        if (Status == TicketStatus.Pending && _state.PendingReason == PendingReason.AwaitingMajorIncident)
        {
            _state = _state with { PendingReason = null };
            ChangeStatus(_state.AssigneeId is not null ? TicketStatus.InProgress : _state.AssignmentGroup is not null ? TicketStatus.Assigned : TicketStatus.New,
                actor, now, $"No longer part of major incident {masterNumber}.");
        }
        return true;
    }

    /// <summary>
    /// An alert storm: the alert behind this open ticket fired <paramref name="occurrences"/> times, at or over the
    /// customer's threshold. Proposes a major incident to the desk once per ticket; returns false when it already did.
    /// </summary>
    public bool ProposeMajorIncident(int occurrences, int threshold, Actor actor, DateTimeOffset now)
    {
        if (_state.MajorIncidentProposedAt is not null || occurrences < threshold || !Status.IsOpen())
        {
            return false;
        }
        _state = _state with { MajorIncidentProposedAt = now };
        Append(ActivityType.MajorIncidentProposed, actor, now, $"Alert storm: {occurrences} occurrences (threshold {threshold}). Consider declaring a major incident.",
            new Dictionary<string, string>
            {
                ["occurrences"] = occurrences.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["threshold"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        return true;
    }

    /// <summary>The major incident this ticket is the master of was declared, updated or resolved (announced as an event).</summary>
    public void RecordMajorIncident(ActivityType type, string text, IReadOnlyDictionary<string, string> data, Actor actor, DateTimeOffset now)
    {
        if (type is not (ActivityType.MajorIncidentDeclared or ActivityType.MajorIncidentUpdated or ActivityType.MajorIncidentResolved))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Not a major-incident activity.");
        }
        Append(type, actor, now, text, data);
    }
}
