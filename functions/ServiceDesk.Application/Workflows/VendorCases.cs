using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Domain.Workflows;
using Microsoft.Extensions.Options;

namespace ServiceDesk.Application.Workflows;

public sealed record HandoverInput
{
    public string? VendorId { get; init; }
    public string? Note { get; init; }
}

public sealed record VendorCallbackInput
{
    public string? TicketNumber { get; init; }
    public string? EventId { get; init; }
    /// <summary>acknowledged, update or resolved.</summary>
    public string? Type { get; init; }
    public string? VendorReference { get; init; }
    public string? Message { get; init; }
}

/// <summary>
/// Handing a ticket to a vendor, the vendor's signed callbacks, and the agent's confirmation of the vendor's
/// resolution. The ticket stays the service desk's: it goes Pending (WaitingForThirdParty) and every message is
/// logged on it (internal by default; the agent publishes what the user should see as a comment).
/// </summary>
public sealed class VendorCases(
    ITicketStore store,
    ICustomerDirectory customers,
    IVendorRegistry vendors,
    IVendorCaseStore cases,
    WorkflowTickets tickets,
    TicketCommands commands,
    IOptions<WorkflowOptions> options,
    TimeProvider time)
{
    public async Task<VendorCase> HandOverAsync(Caller caller, string number, HandoverInput input, IVendorWorkflowClient client, CancellationToken ct)
    {
        var stored = await TicketLoader.LoadVisibleAsync(store, customers, caller, number, ct);
        if (!caller.IsStaff || !caller.Serves(stored.State.CustomerId))
        {
            throw new ForbiddenException("Only service desk staff may hand a ticket to a vendor.");
        }
        var errors = new FieldErrors();
        var vendorId = errors.Identifier("vendorId", input.VendorId, required: true);
        var note = errors.Text("note", input.Note, Limits.ReasonLength, required: false);
        errors.ThrowIfAny();
        var vendor = await vendors.FindVendorAsync(stored.State.CustomerId, vendorId!, ct)
            ?? throw ValidationException.For("vendorId", FieldRule.Unknown, $"The customer has no vendor '{vendorId}'.");
        var existing = await cases.FindAsync(stored.State.Number, ct);
        if (existing is not null && existing.VendorId != vendor.Id)
        {
            throw new ConflictException("vendor.already-handed-over", $"Ticket {number} is already with {existing.VendorName}.");
        }
        if (existing is null)
        {
            var (_, refused) = await tickets.ChangeAsync(stored.State.Number, (t, now) =>
            {
                if (t.State.PendingReason != PendingReason.WaitingForThirdParty)
                {
                    t.Pend(PendingReason.WaitingForThirdParty, note ?? $"Handed to {vendor.Name}.", caller.Actor, now);
                }
            }, ct);
            if (refused is not null)
            {
                throw new ConflictException(refused.Code, refused.Message);
            }
            existing = new VendorCase
            {
                TicketNumber = stored.State.Number,
                CustomerId = stored.State.CustomerId,
                VendorId = vendor.Id,
                VendorName = vendor.Name,
                InstanceId = IVendorWorkflowClient.VendorInstanceId(stored.State.Number),
                HandedOverAt = time.GetUtcNow(),
                Log = [new WorkflowLogEntry(time.GetUtcNow(), "handedOver", $"Handed to {vendor.Name} by {caller.Name}.")],
            };
            await cases.SaveAsync(existing, ct);
        }
        await client.StartVendorCaseAsync(stored.State.Number, vendor.Id, ct);
        return existing;
    }

    /// <summary>A signed callback from the vendor's system. Anything unsigned, stale or foreign is refused and recorded.</summary>
    public async Task AcceptCallbackAsync(string vendorId, byte[] body, string? timestamp, string? signature, IVendorWorkflowClient client, CancellationToken ct)
    {
        VendorCallbackInput? input;
        try
        {
            input = System.Text.Json.JsonSerializer.Deserialize<VendorCallbackInput>(body, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        }
        catch (System.Text.Json.JsonException)
        {
            input = null;
        }
        var vendorCase = input?.TicketNumber is { } n && TicketNumber.TryParse(n, out _) ? await cases.FindAsync(n, ct) : null;
        var vendor = vendorCase is not null && vendorCase.VendorId == vendorId ? await vendors.FindVendorAsync(vendorCase.CustomerId, vendorId, ct) : null;
        if (vendor?.WebhookSecret is null || !VendorSignature.Verify(vendor.WebhookSecret, timestamp, signature, body, time.GetUtcNow(), options.Value.VendorCallbackMaxSkew))
        {
            if (vendorCase is not null)
            {
                await tickets.RecordSecurityEventAsync(vendorCase.TicketNumber, "vendorCallbackRefused",
                    $"A callback claiming to be from vendor '{vendorId}' was refused: missing, stale or wrong signature. Nothing was changed.",
                    new Dictionary<string, string> { ["vendorId"] = vendorId }, ct);
            }
            throw new UnauthenticatedException("The callback's signature is missing, stale or wrong.");
        }
        var errors = new FieldErrors();
        var eventId = errors.Text("eventId", input!.EventId, 200, required: true);
        var type = errors.Text("type", input.Type, 20, required: true);
        if (type is not null && !VendorEvent.VendorKinds.Contains(type))
        {
            errors.Add("type", FieldRule.NotAllowed, "'type' must be acknowledged, update or resolved.");
        }
        var reference = errors.Text("vendorReference", input.VendorReference, Limits.ShortTextLength, required: false);
        var message = errors.Text("message", input.Message, Limits.CommentLength, required: false);
        errors.ThrowIfAny();
        await client.RaiseVendorEventAsync(vendorCase!.TicketNumber,
            new VendorEvent($"webhook:{vendorId}:{eventId}", type!, reference, message, "webhook", time.GetUtcNow()), ct);
    }

    /// <summary>The agent confirms the vendor's resolution: the orchestration resolves the ticket and tells the user.</summary>
    public async Task ConfirmResolutionAsync(Caller caller, string number, string? notes, IVendorWorkflowClient client, CancellationToken ct)
    {
        var vendorCase = await RequireCaseAsync(caller, number, ct);
        if (vendorCase.Status != VendorCaseStatus.ResolvedByVendor)
        {
            throw new ConflictException("vendor.not-resolved", $"{vendorCase.VendorName} has not reported ticket {number} resolved.");
        }
        await client.RaiseVendorEventAsync(vendorCase.TicketNumber,
            new VendorEvent("confirm:" + vendorCase.TicketNumber, VendorEvent.Confirmed, null, notes, "api", time.GetUtcNow()), ct);
    }

    /// <summary>Publishes a vendor message to the user as a public comment.</summary>
    public async Task<StoredTicket> PublishAsync(Caller caller, string number, int index, CancellationToken ct)
    {
        var vendorCase = await RequireCaseAsync(caller, number, ct);
        var message = index >= 0 && index < vendorCase.Messages.Count && vendorCase.Messages[index].Direction == "in"
            ? vendorCase.Messages[index]
            : throw new NotFoundException($"Ticket {number} has no vendor message {index}.");
        return await commands.CommentAsync(caller, vendorCase.TicketNumber, null,
            new CommentInput { Text = $"{vendorCase.VendorName}: {message.Text}", Visibility = "public" }, ct);
    }

    private async Task<VendorCase> RequireCaseAsync(Caller caller, string number, CancellationToken ct)
    {
        var stored = await TicketLoader.LoadVisibleAsync(store, customers, caller, number, ct);
        if (!caller.IsStaff || !caller.Serves(stored.State.CustomerId))
        {
            throw new ForbiddenException("Only service desk staff may work vendor cases.");
        }
        return await cases.FindAsync(stored.State.Number, ct) ?? throw new NotFoundException($"Ticket {number} is not with a vendor.");
    }
}
