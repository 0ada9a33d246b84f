using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.ServiceLevels;

/// <summary>
/// Routing and service level clocks on the one ticket write path: a new ticket from any channel (portal, phone, mail,
/// queue) is routed by its customer's rules and starts the clocks of the policy that matches it (the newest version);
/// every later change advances the clocks under the version the ticket started with.
/// </summary>
public sealed class TicketServiceLevels(ServiceLevelCatalog catalog) : ITicketLifecycle
{
    public async Task OpenedAsync(Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        if (ticket.Status == TicketStatus.New && ticket.State.AssignmentGroup is null &&
            await catalog.RoutingAsync(ticket.CustomerId, ct) is { } routing)
        {
            if (routing.Match(ticket.State) is { } rule)
            {
                ticket.Route(rule.Name, rule.Group, rule.Impact, rule.Urgency, now);
            }
            else if (routing.FallbackGroup is { } fallback)
            {
                ticket.Route("fallback", fallback, null, null, now);
            }
        }
        if (await catalog.PoliciesAsync(ticket.CustomerId, null, ct) is { } set && set.Match(ticket.State) is { } policy)
        {
            var calendar = await catalog.CalendarAsync(ticket.CustomerId, policy.Calendar, ct);
            ticket.ApplySla(SlaClock.Advance(null, policy, set.Version, ticket.State, calendar, now), now);
        }
    }

    public async Task ChangedAsync(Ticket ticket, DateTimeOffset now, CancellationToken ct)
    {
        if (await PolicyOfAsync(ticket.State, ct) is not { } found)
        {
            return;
        }
        var calendar = await catalog.CalendarAsync(ticket.CustomerId, found.Policy.Calendar, ct);
        ticket.ApplySla(SlaClock.Advance(ticket.State.Sla, found.Policy, found.Version, ticket.State, calendar, now), now);
    }

    public async Task<TicketState> AsOfAsync(TicketState state, DateTimeOffset now, CancellationToken ct)
    {
        if (state.Sla is null || await PolicyOfAsync(state, ct) is not { } found)
        {
            return state;
        }
        var calendar = await catalog.CalendarAsync(state.CustomerId, found.Policy.Calendar, ct);
        return state with { Sla = SlaClock.Advance(state.Sla, found.Policy, found.Version, state, calendar, now) };
    }

    /// <summary>
    /// The policy a ticket's clocks run under: within the version it started with, the one that matches the ticket now
    /// (a priority change may pick another), else the one it started with.
    /// </summary>
    public async Task<(SlaPolicy Policy, int Version)?> PolicyOfAsync(TicketState ticket, CancellationToken ct)
    {
        if (ticket.Sla is not { } sla || await catalog.PoliciesAsync(ticket.CustomerId, sla.PolicyVersion, ct) is not { } set)
        {
            return null;
        }
        var policy = set.Match(ticket) ?? set.Policies.FirstOrDefault(p => p.Name == sla.PolicyName);
        return policy is null ? null : (policy, set.Version);
    }
}
