using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Workflows;

/// <summary>An order from the service catalogue (<c>POST /api/requests</c>).</summary>
public sealed record ServiceRequestInput
{
    public string? CatalogItemId { get; init; }
    /// <summary>Defaults to the item's name.</summary>
    public string? Title { get; init; }
    public string? Description { get; init; }
    public string? CustomerId { get; init; }
    public RequesterInput? Requester { get; init; }
    public string? Channel { get; init; }
    public string? Language { get; init; }
}

/// <summary>
/// Opens a service request for a catalogue item. An item without approval goes straight to its fulfilment group;
/// one with approval goes Pending (WaitingForApproval) and starts its orchestration under the deterministic id
/// <c>approval-{number}</c>. A retry with the same Idempotency-Key finishes whatever the first attempt left undone.
/// </summary>
public sealed class ServiceRequests(TicketCommands commands, ICatalogStore catalog, WorkflowTickets tickets)
{
    public async Task<StoredTicket> CreateAsync(Caller caller, ServiceRequestInput input, string? idempotencyKey, IApprovalWorkflowClient client, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var itemId = errors.Identifier("catalogItemId", input.CatalogItemId, required: true);
        errors.ThrowIfAny();
        var customerId = input.CustomerId ?? caller.CustomerId;
        var item = await catalog.FindItemAsync(customerId, itemId!, ct);
        if (item is null || !(caller.Serves(customerId) || caller.CustomerId == customerId))
        {
            throw ValidationException.For("catalogItemId", FieldRule.Unknown, $"The catalogue has no item '{itemId}'.");
        }
        var created = await commands.CreateAsync(caller, new CreateTicketInput
        {
            Kind = nameof(TicketKind.ServiceRequest),
            Title = input.Title ?? item.Name,
            Description = input.Description ?? item.Description ?? item.Name,
            Service = item.Name,
            Category = "catalog:" + item.Id,
            CustomerId = input.CustomerId,
            Requester = input.Requester,
            Channel = input.Channel,
            Language = input.Language,
        }, idempotencyKey, ct);
        var number = created.Ticket.State.Number;
        if (!item.NeedsApproval)
        {
            var (routed, _) = await tickets.ChangeAsync(number, (t, now) =>
            {
                if (t.Status == TicketStatus.New)
                {
                    t.Assign(item.FulfilmentGroup, null, null, WorkflowTickets.WorkflowActor, now);
                }
            }, ct);
            return new StoredTicket(routed ?? created.Ticket.State, "");
        }
        var (pending, _) = await tickets.ChangeAsync(number, (t, now) =>
        {
            if (t.Status == TicketStatus.New)
            {
                t.AwaitApproval($"Väntar på godkännande ({item.Steps.Count} steg). / Waiting for approval ({item.Steps.Count} step(s)).", WorkflowTickets.WorkflowActor, now);
            }
        }, ct);
        await client.StartApprovalAsync(number, item.Id, ct);
        return new StoredTicket(pending ?? created.Ticket.State, "");
    }
}
