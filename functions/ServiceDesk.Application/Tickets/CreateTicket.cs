using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>Open a ticket: the input parsed into a draft (who may open what for whom), numbered, stored; an Idempotency-Key replays the first request.</summary>
public sealed partial class TicketCommands
{
    public sealed record CreateResult(StoredTicket Ticket, bool Replayed);

    /// <summary>
    /// An Idempotency-Key shared by every caller (accepting a problem candidate): claimed under
    /// <paramref name="Claimant"/> with a fixed request hash, so whoever comes second gets the first one's ticket.
    /// </summary>
    public sealed record SharedIdempotency(string Claimant, string RequestHash);

    public Task<CreateResult> CreateAsync(Caller caller, CreateTicketInput input, string? idempotencyKey, CancellationToken ct) =>
        CreateAsync(caller, input, idempotencyKey, shared: null, ct);

    public async Task<CreateResult> CreateAsync(Caller caller, CreateTicketInput input, string? idempotencyKey, SharedIdempotency? shared, CancellationToken ct)
    {
        using var span = ServiceDeskTelemetry.Start(ServiceDeskTelemetry.Spans.CreateTicket);
        var result = await CreateOnceAsync(caller, input, idempotencyKey, shared, ct);
        var ticket = result.Ticket.State;
        span?.SetTag(ServiceDeskTelemetry.TicketNumber, ticket.Number);
        span?.SetTag(ServiceDeskTelemetry.Channel, ticket.Channel.ToString());
        span?.SetTag(ServiceDeskTelemetry.Outcome, result.Replayed ? "replayed" : "created");
        if (!result.Replayed)
        {
            ServiceDeskTelemetry.TicketCreated(ticket.Channel.ToString());
        }
        return result;
    }

    private async Task<CreateResult> CreateOnceAsync(Caller caller, CreateTicketInput input, string? idempotencyKey, SharedIdempotency? shared, CancellationToken ct)
    {
        var draft = await ParseDraftAsync(caller, input, ct);
        var key = TicketIdempotency.ParseKey(idempotencyKey);
        var number = await numbers.NextAsync(draft.Kind, ct);

        if (key is not null)
        {
            var proposed = new IdempotencyClaim(draft.CustomerId, shared?.Claimant ?? caller.UserId, key, shared?.RequestHash ?? TicketIdempotency.Hash(draft), number.ToString());
            var (replay, reserved) = await TicketIdempotency.ClaimAsync(store, proposed, ct);
            if (replay is not null)
            {
                return new CreateResult(replay, Replayed: true);
            }
            number = reserved;
        }

        var now = time.GetUtcNow();
        var ticket = Ticket.Open(number, draft, caller.Actor, now);
        await (lifecycle ?? ITicketLifecycle.None).OpenedAsync(ticket, now, ct);
        try
        {
            return new CreateResult(await store.InsertAsync(ticket, ct), Replayed: false);
        }
        catch (TicketAlreadyExistsException) when (key is not null)
        {
            // A concurrent request with the same key wrote the reserved number first.
            var existing = await store.FindAsync(number.ToString(), ct)
                ?? throw new InvalidOperationException($"Ticket {number} reported as existing but not found.");
            return new CreateResult(existing, Replayed: true);
        }
    }

    private async Task<TicketDraft> ParseDraftAsync(Caller caller, CreateTicketInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var kind = errors.Enum<TicketKind>("kind", input.Kind, required: true);
        var title = errors.Text("title", input.Title, Limits.TitleLength, required: true);
        var description = errors.Text("description", input.Description, Limits.DescriptionLength, required: true);
        var category = errors.Text("category", input.Category, Limits.ShortTextLength, required: false);
        var service = errors.Text("service", input.Service, Limits.ShortTextLength, required: false);
        var ci = errors.Text("configurationItem", input.ConfigurationItem, Limits.ShortTextLength, required: false);
        var impact = errors.Enum<Impact>("impact", input.Impact, required: false) ?? Impact.Medium;
        var urgency = errors.Enum<Urgency>("urgency", input.Urgency, required: false) ?? Urgency.Medium;

        var actsForOthers = caller.IsStaff || caller.Has(Role.Integration);
        string customerId;
        Channel channel;
        if (actsForOthers)
        {
            var requested = errors.Text("customerId", input.CustomerId, 63, required: false) ?? caller.CustomerId;
            customerId = requested;
            channel = errors.Enum<Channel>("channel", input.Channel, required: false)
                ?? (caller.IsStaff ? Channel.Phone : Channel.Queue);
        }
        else
        {
            if (input.CustomerId is not null && input.CustomerId != caller.CustomerId)
            {
                errors.Add("customerId", FieldRule.Forbidden, "End users open tickets for their own organisation only; leave 'customerId' out.");
            }
            if (input.Requester is not null)
            {
                errors.Add("requester", FieldRule.Forbidden, "End users open tickets for themselves; leave 'requester' out.");
            }
            if (input.Channel is not null && !string.Equals(input.Channel, nameof(Channel.Portal), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("channel", FieldRule.Forbidden, "End users open tickets through the portal; leave 'channel' out.");
            }
            if (kind == TicketKind.Problem)
            {
                errors.Add("kind", FieldRule.Forbidden, "Problems are registered by the service desk, not by end users.");
            }
            customerId = caller.CustomerId;
            channel = Channel.Portal;
        }
        errors.ThrowIfAny();

        if (!CustomerId.IsValid(customerId) || (actsForOthers && !caller.Serves(customerId)))
        {
            throw ValidationException.For("customerId", FieldRule.Unknown, $"Unknown customer '{customerId}', or one you do not serve.");
        }
        var customer = await customers.FindAsync(customerId, ct)
            ?? throw ValidationException.For("customerId", FieldRule.Unknown, $"Unknown customer '{customerId}', or one you do not serve.");

        Requester requester;
        if (actsForOthers && input.Requester is not null)
        {
            var r = input.Requester;
            var email = errors.Email("requester.email", r.Email, required: false);
            var id = errors.Identifier("requester.id", r.Id, required: false) ?? email;
            if (id is null)
            {
                errors.Add("requester.id", FieldRule.Required, "Give the requester's 'id' or 'email'.");
            }
            var name = errors.Text("requester.name", r.Name, Limits.ShortTextLength, required: true);
            var phone = errors.Text("requester.phone", r.Phone, Limits.PhoneLength, required: false);
            var language = errors.Enum<Language>("requester.language", r.Language, required: false) ?? customer.DefaultLanguage;
            errors.ThrowIfAny();
            requester = new Requester(id!, name!, email, phone, language);
        }
        else if (actsForOthers && caller.IsStaff)
        {
            throw ValidationException.For("requester", FieldRule.Forbidden, "Agents open tickets on behalf of someone: give 'requester' with at least a name and an id or email.");
        }
        else
        {
            var language = errors.Enum<Language>("language", input.Language, required: false) ?? customer.DefaultLanguage;
            errors.ThrowIfAny();
            requester = new Requester(caller.UserId, caller.Name, caller.Email, null, language);
        }
        var draft = new TicketDraft(kind!.Value, customerId, requester, channel, title!, description!, category, service, ci, impact, urgency);
        return draft;
    }
}
