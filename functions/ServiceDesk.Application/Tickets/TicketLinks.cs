using System.Text;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>Links between tickets, and problem management's links and resolutions of incidents.</summary>
public sealed partial class TicketCommands
{
    public Task<StoredTicket> AddLinkAsync(Caller caller, string number, string? ifMatch, LinkInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var type = errors.Enum<LinkType>("type", input.Type, required: true);
        var target = errors.Text("target", input.Target, TicketNumber.MaxLength, required: true);
        if (target is not null && !TicketNumber.TryParse(target, out _))
        {
            errors.Add("target", FieldRule.Invalid, "'target' must be a ticket number such as INC-000123.");
        }
        errors.ThrowIfAny();
        return ChangeAsync(caller, number, ifMatch, ifMatchRequired: true, TicketAction.Link,
            (t, actor, now) => t.AddLink(new TicketLink(type!.Value, target!), actor, now), ct);
    }

    public Task<StoredTicket> RemoveLinkAsync(Caller caller, string number, string? ifMatch, LinkInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var type = errors.Enum<LinkType>("type", input.Type, required: true);
        var target = errors.Text("target", input.Target, TicketNumber.MaxLength, required: true);
        errors.ThrowIfAny();
        return ChangeAsync(caller, number, ifMatch, ifMatchRequired: true, TicketAction.Link,
            (t, actor, now) => t.RemoveLink(new TicketLink(type!.Value, target!), actor, now), ct);
    }

    /// <summary>
    /// Problem management: links an incident to a problem (caused by) or removes that link. Links are set operations,
    /// so no If-Match is needed. Linking can pend the incident (awaiting problem) when it is being worked; unlinking
    /// resumes an incident that was pending for the problem.
    /// </summary>
    public Task<StoredTicket> SetProblemLinkAsync(Caller caller, string number, string problemNumber, bool linked, bool pend, CancellationToken ct) =>
        ChangeAsync(caller, number, null, ifMatchRequired: false, TicketAction.Link, (t, actor, now) =>
        {
            if (linked) t.LinkToProblem(problemNumber, pend, actor, now); else t.UnlinkFromProblem(problemNumber, actor, now);
        }, ct);

    /// <summary>Problem management: resolves a linked incident with the problem's resolution (no If-Match: the problem decides).</summary>
    public Task<StoredTicket> ResolveForProblemAsync(Caller caller, string number, ResolutionCode code, string notes, CancellationToken ct) =>
        ChangeAsync(caller, number, null, ifMatchRequired: false, TicketAction.Resolve, (t, actor, now) => t.Resolve(code, notes, actor, now), ct);
}
