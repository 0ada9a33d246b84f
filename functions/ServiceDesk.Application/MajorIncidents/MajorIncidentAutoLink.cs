using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.MajorIncidents;

/// <summary>
/// On the one create path (portal, mail, phone, queue): a new incident that an open major incident covers (customer in
/// scope and an affected service or configuration item, or a keyword in its title) is linked to it as a child before it
/// is stored, so its requester hears at once that the incident is known instead of the generic acknowledgement.
/// </summary>
public sealed class MajorIncidentAutoLink(MajorIncidentCatalog catalog, IMajorIncidentStore store) : ITicketLifecycle
{
    public static readonly Actor LinkActor = new("major-incident", "ServiceDesk major incident");

    public async Task OpenedAsync(Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        if (ticket.State.Kind != TicketKind.Incident)
        {
            return;
        }
        var open = await catalog.OpenAsync(ct);
        if (open.Count == 0 || open.FirstOrDefault(m => m.Matches(ticket.State)) is not { } incident)
        {
            return;
        }
        ticket.JoinMajorIncident(incident.Id, incident.Message, LinkActor, now);
        await store.AddChildAsync(incident.Id, ticket.Number, ct);
    }

    public Task ChangedAsync(Ticket ticket, DateTimeOffset now, CancellationToken ct) => Task.CompletedTask;

    public Task<TicketState> AsOfAsync(TicketState state, DateTimeOffset now, CancellationToken ct) => Task.FromResult(state);
}

/// <summary>Several lifecycles in order (routing and service levels, then major-incident linking).</summary>
public sealed class TicketLifecycles(IReadOnlyList<ITicketLifecycle> parts) : ITicketLifecycle
{
    public async Task OpenedAsync(Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var part in parts)
        {
            await part.OpenedAsync(ticket, now, ct);
        }
    }

    public async Task ChangedAsync(Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var part in parts)
        {
            await part.ChangedAsync(ticket, now, ct);
        }
    }

    public async Task<TicketState> AsOfAsync(TicketState state, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var part in parts)
        {
            state = await part.AsOfAsync(state, now, ct);
        }
        return state;
    }
}
