using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.MajorIncidents;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.MajorIncidents;

/// <summary>Updates, resolution and the children of a major incident.</summary>
public sealed partial class MajorIncidents
{
    public async Task<MajorIncident> PostUpdateAsync(Caller caller, string id, MajorIncidentUpdateInput input, CancellationToken ct)
    {
        RequireStaff(caller);
        var errors = new FieldErrors();
        var message = errors.Bilingual("message", input.Message, Limits.ReasonLength, required: true);
        if (input.NextUpdateAt is { } next && next <= time.GetUtcNow())
        {
            errors.Add("nextUpdateAt", FieldRule.Date, "'nextUpdateAt' must be in the future.");
        }
        errors.ThrowIfAny();
        var isPublic = input.Public ?? true;
        var (incident, sequence) = await ChangeAsync(caller, id, mi =>
        {
            RequireOpen(mi);
            return mi.WithUpdate(time.GetUtcNow(), caller.Name, isPublic, message!, input.NextUpdateAt);
        }, ct);
        await LogOnMasterAsync(id, ActivityType.MajorIncidentUpdated, $"Major incident update: {message!.En}", incident, sequence, caller, ct);
        if (isPublic)
        {
            await broadcasts.EnqueueAsync(new BroadcastRequest(id, sequence), ct);
        }
        return incident;
    }

    /// <summary>
    /// Resolves the major incident: a final public update (broadcast), the master ticket resolved, and — by the broadcast
    /// — every open child resolved with <see cref="ResolveMajorIncidentInput.ResolutionNotes"/> (detach a child that has
    /// other open causes first). Resolving twice returns the resolved incident.
    /// </summary>
    public async Task<MajorIncident> ResolveAsync(Caller caller, string id, ResolveMajorIncidentInput input, CancellationToken ct)
    {
        RequireStaff(caller);
        var errors = new FieldErrors();
        var message = errors.Bilingual("message", input.Message, Limits.ReasonLength, required: true);
        var notes = errors.Text("resolutionNotes", input.ResolutionNotes, Limits.ReasonLength, required: true);
        errors.ThrowIfAny();
        var current = await LoadAsync(caller, id, ct);
        if (current.Status == MajorIncidentStatus.Resolved)
        {
            return current;
        }
        var (incident, sequence) = await ChangeAsync(caller, id, mi =>
        {
            RequireOpen(mi);
            var now = time.GetUtcNow();
            return mi.WithUpdate(now, caller.Name, true, message!, null) with { Status = MajorIncidentStatus.Resolved, ResolvedAt = now, ResolutionNotes = notes };
        }, ct);
        catalog.Forget();
        await LogOnMasterAsync(id, ActivityType.MajorIncidentResolved, $"Major incident resolved: {message!.En}", incident, sequence, caller, ct);
        await updater.ChangeAsync(id, (t, now) =>
        {
            if (t.Status.IsOpen())
            {
                t.Resolve(ResolutionCode.Solved, notes!, caller.Actor, now);
            }
        }, ct);
        await broadcasts.EnqueueAsync(new BroadcastRequest(id, sequence), ct);
        return incident;
    }

    /// <summary>Links an existing incident of a customer in scope as a child (its requester is told the incident is known).</summary>
    public async Task<StoredTicket> LinkAsync(Caller caller, string id, string number, CancellationToken ct)
    {
        var incident = await LoadAsync(caller, id, ct);
        RequireOpen(incident);
        var child = await TicketLoader.LoadVisibleAsync(tickets, customers, caller, number, ct);
        if (child.State.Kind != TicketKind.Incident || child.State.Number == id || !incident.Covers(child.State.CustomerId))
        {
            throw new ConflictException("major-incident.not-in-scope", $"{number} is not an incident of a customer in the major incident's scope.");
        }
        await store.AddChildAsync(id, child.State.Number, ct);
        return await ChangeTicketAsync(caller, child.State.Number, (t, now) => t.JoinMajorIncident(id, incident.Message, caller.Actor, now), ct);
    }

    /// <summary>Undoes a (wrong) link; the ticket is worked on its own again.</summary>
    public async Task<StoredTicket> UnlinkAsync(Caller caller, string id, string number, CancellationToken ct)
    {
        await LoadAsync(caller, id, ct);
        var child = await TicketLoader.LoadVisibleAsync(tickets, customers, caller, number, ct);
        var saved = await ChangeTicketAsync(caller, child.State.Number, (t, now) => t.LeaveMajorIncident(id, caller.Actor, now), ct);
        await store.RemoveChildAsync(id, child.State.Number, ct);
        return saved;
    }

    private async Task<StoredTicket> ChangeTicketAsync(Caller caller, string number, Func<Ticket, DateTimeOffset, bool> apply, CancellationToken ct) =>
        (await updater.ChangeAsync(number, (_, t, now) =>
        {
            try
            {
                return ValueTask.FromResult(apply(t, now));
            }
            catch (DomainRuleException e)
            {
                throw new ConflictException(e.Code, e.Message);
            }
        }, ct))!;

    /// <summary>Load, change and save with the document's ETag, re-applying the change when another writer won; returns the new update's sequence.</summary>
    private async Task<(MajorIncident Incident, int Sequence)> ChangeAsync(Caller caller, string id, Func<MajorIncident, MajorIncident> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await LoadAsync(caller, id, ct);
            var (current, etag) = (await store.FindAsync(id, ct))!.Value;
            var next = change(current);
            try
            {
                await store.SaveAsync(next, etag, ct);
                return (next, next.Updates.Count - 1);
            }
            catch (PreconditionFailedException) when (attempt < 10)
            {
                await Task.Delay(Random.Shared.Next(5, 20 * attempt), ct);
            }
        }
    }

    internal async Task<MajorIncident> LoadAsync(Caller caller, string id, CancellationToken ct)
    {
        RequireStaff(caller);
        var found = TicketNumber.TryParse(id, out _) ? await store.FindAsync(id, ct) : null;
        if (found is not { } f || !(f.Incident.Customers.Contains(MajorIncident.AllCustomers) || f.Incident.Customers.Any(caller.Serves)))
        {
            throw new NotFoundException($"Major incident '{(id.Length <= 30 ? id : id[..30])}' was not found.");
        }
        return f.Incident;
    }

    private static void RequireOpen(MajorIncident incident)
    {
        if (incident.Status != MajorIncidentStatus.Open)
        {
            throw new ConflictException("major-incident.resolved", $"Major incident {incident.Id} is resolved.");
        }
    }
}
