using System.Security.Cryptography;
using System.Text;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Tickets;

/// <summary>Every change to a ticket: open, edit, comment, transitions, links and watchers.</summary>
public sealed class TicketCommands(
    ITicketStore store,
    ITicketNumberAllocator numbers,
    ICustomerDirectory customers,
    TicketUpdater updater,
    TimeProvider time)
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
        var draft = await ParseDraftAsync(caller, input, ct);
        var key = ParseIdempotencyKey(idempotencyKey);
        var number = await numbers.NextAsync(draft.Kind, ct);

        if (key is not null)
        {
            var proposed = new IdempotencyClaim(draft.CustomerId, shared?.Claimant ?? caller.UserId, key, shared?.RequestHash ?? Hash(draft), number.ToString());
            var claim = await store.ClaimAsync(proposed, ct);
            if (claim.RequestHash != proposed.RequestHash)
            {
                throw new UnprocessableException(
                    "This Idempotency-Key was already used for a different request. Use a new key for a new ticket.");
            }
            if (claim.Number != proposed.Number)
            {
                // An earlier request holds the key. Its ticket is returned; if that request died before writing
                // the ticket, this one writes it under the number the key reserved.
                // (The number allocated above is skipped: numbers may have gaps but are never reused. A replay does
                // not rewrite the index; if the first request died between the ticket and its index, the repair does.)
                var existing = await store.FindAsync(claim.Number, ct);
                if (existing is not null)
                {
                    return new CreateResult(existing, Replayed: true);
                }
                TicketNumber.TryParse(claim.Number, out var reserved);
                number = reserved ?? throw new InvalidOperationException($"Stored claim has an invalid number '{claim.Number}'.");
            }
        }

        var ticket = Ticket.Open(number, draft, caller.Actor, time.GetUtcNow());
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

    public Task<StoredTicket> UpdateAsync(Caller caller, string number, string? ifMatch, UpdateTicketInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var changes = new TicketChanges
        {
            Title = errors.Text("title", input.Title, Limits.TitleLength, required: false),
            Description = errors.Text("description", input.Description, Limits.DescriptionLength, required: false),
            Category = errors.Text("category", input.Category, Limits.ShortTextLength, required: false),
            Service = errors.Text("service", input.Service, Limits.ShortTextLength, required: false),
            ConfigurationItem = errors.Text("configurationItem", input.ConfigurationItem, Limits.ShortTextLength, required: false),
            Impact = errors.Enum<Impact>("impact", input.Impact, required: false),
            Urgency = errors.Enum<Urgency>("urgency", input.Urgency, required: false),
        };
        errors.ThrowIfAny();
        if (changes.IsEmpty)
        {
            throw ValidationException.For("body", "Nothing to change: send at least one of title, description, category, service, configurationItem, impact, urgency.");
        }
        var onlyDescriptive = changes with { Title = null, Description = null };
        var action = onlyDescriptive.IsEmpty ? TicketAction.EditDescription : TicketAction.EditClassification;
        return ChangeAsync(caller, number, ifMatch, ifMatchRequired: true, action,
            (t, actor, now) => t.Update(changes, actor, now), ct);
    }

    /// <summary>Comments append without losing anything, so If-Match is optional here (checked when sent).</summary>
    public Task<StoredTicket> CommentAsync(Caller caller, string number, string? ifMatch, CommentInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var text = errors.Text("text", input.Text, Limits.CommentLength, required: true);
        var visibility = input.Visibility?.Trim().ToLowerInvariant() ?? "public";
        if (visibility is not ("public" or "internal"))
        {
            errors.Add("visibility", "'visibility' must be 'public' or 'internal'.");
        }
        errors.ThrowIfAny();
        var isInternal = visibility == "internal";
        return ChangeAsync(caller, number, ifMatch, ifMatchRequired: false,
            isInternal ? TicketAction.InternalNote : TicketAction.Comment,
            (t, actor, now) => t.Comment(text!, isInternal, actor, now), ct);
    }

    public Task<StoredTicket> TransitionAsync(Caller caller, string number, string? ifMatch, string action, TransitionInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        (TicketAction Action, Action<Ticket, Actor, DateTimeOffset> Apply)? plan = action.ToLowerInvariant() switch
        {
            "assign" => AssignPlan(caller, input, errors),
            "start" => (TicketAction.Start, (t, a, now) => t.Start(a, now)),
            "pend" => PendPlan(input, errors),
            "resolve" => ResolvePlan(input, errors),
            "close" => (TicketAction.Close, (t, a, now) => t.Close(a, now)),
            "reopen" => ReasonPlan(TicketAction.Reopen, input, errors, (t, reason, a, now) => t.Reopen(reason, a, now)),
            "cancel" => ReasonPlan(TicketAction.Cancel, input, errors, (t, reason, a, now) => t.Cancel(reason, a, now)),
            _ => null,
        };
        if (plan is null)
        {
            throw new NotFoundException($"Unknown transition '{action}'. Use assign, start, pend, resolve, close, reopen or cancel.");
        }
        errors.ThrowIfAny();
        return ChangeAsync(caller, number, ifMatch, ifMatchRequired: true, plan.Value.Action, plan.Value.Apply, ct);
    }

    public Task<StoredTicket> AddLinkAsync(Caller caller, string number, string? ifMatch, LinkInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var type = errors.Enum<LinkType>("type", input.Type, required: true);
        var target = errors.Text("target", input.Target, TicketNumber.MaxLength, required: true);
        if (target is not null && !TicketNumber.TryParse(target, out _))
        {
            errors.Add("target", "'target' must be a ticket number such as INC-000123.");
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
            var link = new TicketLink(LinkType.CausedBy, problemNumber);
            if (linked)
            {
                t.AddLink(link, actor, now);
                if (pend && t.Status is TicketStatus.Assigned or TicketStatus.InProgress ||
                    (pend && t.Status == TicketStatus.Pending && t.State.PendingReason != PendingReason.AwaitingProblem))
                {
                    t.Pend(PendingReason.AwaitingProblem, $"Awaiting problem {problemNumber}.", actor, now);
                }
            }
            else
            {
                t.RemoveLink(link, actor, now);
                if (t.Status == TicketStatus.Pending && t.State.PendingReason == PendingReason.AwaitingProblem)
                {
                    t.Start(actor, now);
                }
            }
        }, ct);

    /// <summary>Problem management: resolves a linked incident with the problem's resolution (no If-Match: the problem decides).</summary>
    public Task<StoredTicket> ResolveForProblemAsync(Caller caller, string number, ResolutionCode code, string notes, CancellationToken ct) =>
        ChangeAsync(caller, number, null, ifMatchRequired: false, TicketAction.Resolve, (t, actor, now) => t.Resolve(code, notes, actor, now), ct);

    public Task<StoredTicket> WatchAsync(Caller caller, string number, string? ifMatch, WatcherInput input, bool add, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var watcher = input.Watcher is not null && input.Watcher.Contains('@')
            ? errors.Email("watcher", input.Watcher, required: true)
            : errors.Identifier("watcher", input.Watcher, required: true);
        errors.ThrowIfAny();
        return ChangeAsync(caller, number, ifMatch, ifMatchRequired: true, TicketAction.Watch, (t, actor, now) =>
        {
            if (add && t.State.Watchers.Count >= Limits.MaxWatchers)
            {
                throw new DomainRuleException("ticket.too-many-watchers", $"A ticket can have at most {Limits.MaxWatchers} watchers.");
            }
            if (add) t.AddWatcher(watcher!, actor, now); else t.RemoveWatcher(watcher!, actor, now);
        }, ct);
    }

    /// <summary>
    /// Loads, checks, applies and saves one change. Without If-Match the caller did not pin a version, so a save
    /// that loses a race with another writer is re-applied to the fresh ticket (its rules checked again) instead of
    /// answering 412 to someone who never sent a version (e.g. two managers linking the same incident at once).
    /// </summary>
    private async Task<StoredTicket> ChangeAsync(
        Caller caller, string number, string? ifMatch, bool ifMatchRequired, TicketAction action,
        Action<Ticket, Actor, DateTimeOffset> apply, CancellationToken ct) =>
        (await updater.ChangeAsync(number, (stored, ticket, now) =>
        {
            if (!TicketAccess.CanPerform(caller, stored.State, action))
            {
                throw new ForbiddenException($"You may not {Describe(action)} on ticket {number}.");
            }
            TicketETag.Require(ifMatch, stored.State.Version, ifMatchRequired, number);
            try
            {
                apply(ticket, caller.Actor, now);
            }
            catch (DomainRuleException e)
            {
                throw new ConflictException(e.Code, e.Message);
            }
            return ValueTask.FromResult(true);
        }, ct, async c => await TicketLoader.LoadVisibleAsync(store, customers, caller, number, c), retryOnConflict: ifMatch is null))!;

    private static string Describe(TicketAction action) => action switch
    {
        TicketAction.InternalNote => "add internal notes",
        TicketAction.EditDescription => "edit the title or description",
        TicketAction.EditClassification => "change classification or priority",
        _ => action.ToString().ToLowerInvariant(),
    };

    private static (TicketAction, Action<Ticket, Actor, DateTimeOffset>) AssignPlan(Caller caller, TransitionInput input, FieldErrors errors)
    {
        var group = errors.Text("group", input.Group, Limits.ShortTextLength, required: true);
        var assigneeId = errors.Identifier("assigneeId", input.AssigneeId, required: false);
        var assigneeName = errors.Text("assigneeName", input.AssigneeName, Limits.ShortTextLength, required: false);
        if (assigneeId == caller.UserId)
        {
            assigneeName ??= caller.Name;
        }
        return (TicketAction.Assign, (t, a, now) => t.Assign(group!, assigneeId, assigneeName, a, now));
    }

    private static (TicketAction, Action<Ticket, Actor, DateTimeOffset>) PendPlan(TransitionInput input, FieldErrors errors)
    {
        var reason = errors.Enum<PendingReason>("reason", input.Reason, required: true);
        var note = errors.Text("note", input.Note, Limits.ReasonLength, required: false);
        return (TicketAction.Pend, (t, a, now) => t.Pend(reason!.Value, note, a, now));
    }

    private static (TicketAction, Action<Ticket, Actor, DateTimeOffset>) ResolvePlan(TransitionInput input, FieldErrors errors)
    {
        var code = errors.Enum<ResolutionCode>("resolutionCode", input.ResolutionCode, required: true);
        var notes = errors.Text("resolutionNotes", input.ResolutionNotes, Limits.DescriptionLength, required: true);
        return (TicketAction.Resolve, (t, a, now) => t.Resolve(code!.Value, notes!, a, now));
    }

    private static (TicketAction, Action<Ticket, Actor, DateTimeOffset>) ReasonPlan(
        TicketAction action, TransitionInput input, FieldErrors errors, Action<Ticket, string, Actor, DateTimeOffset> apply)
    {
        var reason = errors.Text("reason", input.Reason, Limits.ReasonLength, required: true);
        return (action, (t, a, now) => apply(t, reason!, a, now));
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
                errors.Add("customerId", "End users open tickets for their own organisation only; leave 'customerId' out.");
            }
            if (input.Requester is not null)
            {
                errors.Add("requester", "End users open tickets for themselves; leave 'requester' out.");
            }
            if (input.Channel is not null && !string.Equals(input.Channel, nameof(Channel.Portal), StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("channel", "End users open tickets through the portal; leave 'channel' out.");
            }
            if (kind == TicketKind.Problem)
            {
                errors.Add("kind", "Problems are registered by the service desk, not by end users.");
            }
            customerId = caller.CustomerId;
            channel = Channel.Portal;
        }
        errors.ThrowIfAny();

        if (!CustomerId.IsValid(customerId) || (actsForOthers && !caller.Serves(customerId)))
        {
            throw ValidationException.For("customerId", $"Unknown customer '{customerId}', or one you do not serve.");
        }
        var customer = await customers.FindAsync(customerId, ct)
            ?? throw ValidationException.For("customerId", $"Unknown customer '{customerId}', or one you do not serve.");

        Requester requester;
        if (actsForOthers && input.Requester is not null)
        {
            var r = input.Requester;
            var email = errors.Email("requester.email", r.Email, required: false);
            var id = errors.Identifier("requester.id", r.Id, required: false) ?? email;
            if (id is null)
            {
                errors.Add("requester.id", "Give the requester's 'id' or 'email'.");
            }
            var name = errors.Text("requester.name", r.Name, Limits.ShortTextLength, required: true);
            var phone = errors.Text("requester.phone", r.Phone, Limits.PhoneLength, required: false);
            var language = errors.Enum<Language>("requester.language", r.Language, required: false) ?? customer.DefaultLanguage;
            errors.ThrowIfAny();
            requester = new Requester(id!, name!, email, phone, language);
        }
        else if (actsForOthers && caller.IsStaff)
        {
            throw ValidationException.For("requester", "Agents open tickets on behalf of someone: give 'requester' with at least a name and an id or email.");
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

    private static string? ParseIdempotencyKey(string? key)
    {
        if (key is null)
        {
            return null;
        }
        if (key.Length is 0 or > Limits.IdempotencyKeyLength || !key.All(c => c is >= '!' and <= '~'))
        {
            throw ValidationException.For("Idempotency-Key",
                $"The Idempotency-Key header must be 1 to {Limits.IdempotencyKeyLength} visible ASCII characters (a UUID is a good choice).");
        }
        return key;
    }

    private static string Hash(TicketDraft draft)
    {
        var canonical = System.Text.Json.JsonSerializer.Serialize(draft);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))[..32];
    }
}
