using ServiceDesk.Domain.Common;

namespace ServiceDesk.Domain.Tickets;

/// <summary>The ticket's relations: links to other tickets (problems included) and its watchers.</summary>
public sealed partial class Ticket
{
    /// <summary>
    /// Links the incident to a problem (caused by). With <paramref name="pend"/>, an incident being worked (assigned, in
    /// progress, or pending for another reason) waits for the problem from now on.
    /// </summary>
    public void LinkToProblem(string problemNumber, bool pend, Actor actor, DateTimeOffset now)
    {
        AddLink(new TicketLink(LinkType.CausedBy, problemNumber), actor, now);
        if (pend && (Status is TicketStatus.Assigned or TicketStatus.InProgress ||
                     (Status == TicketStatus.Pending && _state.PendingReason != PendingReason.AwaitingProblem)))
        {
            Pend(PendingReason.AwaitingProblem, $"Awaiting problem {problemNumber}.", actor, now);
        }
    }

    /// <summary>Removes the link to a problem; an incident that was waiting for it is worked on again.</summary>
    public void UnlinkFromProblem(string problemNumber, Actor actor, DateTimeOffset now)
    {
        RemoveLink(new TicketLink(LinkType.CausedBy, problemNumber), actor, now);
        if (Status == TicketStatus.Pending && _state.PendingReason == PendingReason.AwaitingProblem)
        {
            Start(actor, now);
        }
    }

    public void AddLink(TicketLink link, Actor actor, DateTimeOffset now)
    {
        if (string.Equals(link.Target, Number, StringComparison.Ordinal))
        {
            throw new DomainRuleException("ticket.self-link", "A ticket cannot be linked to itself.");
        }
        if (_state.Links.Contains(link))
        {
            return;
        }
        _state = _state with { Links = [.. _state.Links, link] };
        Append(ActivityType.LinkAdded, actor, now, null, new Dictionary<string, string>
        {
            ["type"] = link.Type.ToString(),
            ["target"] = link.Target,
        });
    }

    public void RemoveLink(TicketLink link, Actor actor, DateTimeOffset now)
    {
        if (!_state.Links.Contains(link))
        {
            return;
        }
        _state = _state with { Links = _state.Links.Where(l => l != link).ToList() };
        Append(ActivityType.LinkRemoved, actor, now, null, new Dictionary<string, string>
        {
            ["type"] = link.Type.ToString(),
            ["target"] = link.Target,
        });
    }

    /// <summary>Watchers one ticket may have.</summary>
    public const int MaxWatchers = 50;

    public void AddWatcher(string watcher, Actor actor, DateTimeOffset now)
    {
        if (_state.Watchers.Contains(watcher, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }
        if (_state.Watchers.Count >= MaxWatchers)
        {
            throw new DomainRuleException("ticket.too-many-watchers", $"A ticket can have at most {MaxWatchers} watchers.");
        }
        _state = _state with { Watchers = [.. _state.Watchers, watcher] };
        Append(ActivityType.WatcherAdded, actor, now, null, new Dictionary<string, string> { ["watcher"] = watcher });
    }

    public void RemoveWatcher(string watcher, Actor actor, DateTimeOffset now)
    {
        var remaining = _state.Watchers.Where(w => !string.Equals(w, watcher, StringComparison.OrdinalIgnoreCase)).ToList();
        if (remaining.Count == _state.Watchers.Count)
        {
            return;
        }
        _state = _state with { Watchers = remaining };
        Append(ActivityType.WatcherRemoved, actor, now, null, new Dictionary<string, string> { ["watcher"] = watcher });
    }
}
