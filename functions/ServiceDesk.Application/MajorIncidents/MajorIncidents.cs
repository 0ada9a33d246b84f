using ServiceDesk.Domain.Common;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.MajorIncidents;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.MajorIncidents;

/// <summary>
/// Declaring and working a major incident (staff only): declare it from an open incident or a new one, post updates,
/// link and unlink children, resolve it with its children. Every public update is broadcast through the queue
/// (<see cref="MajorIncidentBroadcasts"/>); the master ticket logs declared, updated and resolved, which are ticket
/// events. Declaring twice from one incident returns the major incident already declared.
/// </summary>
public sealed partial class MajorIncidents(
    IMajorIncidentStore store,
    ITicketStore tickets,
    TicketCommands commands,
    TicketUpdater updater,
    ICustomerDirectory customers,
    IMajorIncidentBroadcastQueue broadcasts,
    MajorIncidentCatalog catalog,
    TimeProvider time)
{
    public const int MaxScopeItems = 20;

    public sealed record DeclareResult(MajorIncident Incident, bool Created);

    public async Task<DeclareResult> DeclareAsync(Caller caller, DeclareMajorIncidentInput input, string? idempotencyKey, CancellationToken ct)
    {
        RequireStaff(caller);
        var errors = new FieldErrors();
        var scope = Scope(errors, caller, input.Customers);
        var services = errors.TextList("services", input.Services, MaxScopeItems);
        var cis = errors.TextList("configurationItems", input.ConfigurationItems, MaxScopeItems);
        var keywords = errors.TextList("keywords", input.Keywords, MaxScopeItems);
        var impact = errors.Bilingual("impact", input.Impact, Limits.ReasonLength, required: true);
        var message = errors.Bilingual("message", input.Message, Limits.ReasonLength, required: true);
        var title = errors.Bilingual("title", input.Title, Limits.TitleLength, required: false);
        if (input.FromTicket is null == (input.Ticket is null))
        {
            errors.Add("fromTicket", FieldRule.Inconsistent, "Give either 'fromTicket' (an open incident's number) or 'ticket' (a new incident), not both.");
        }
        if (input.NextUpdateAt is { } next && next <= time.GetUtcNow())
        {
            errors.Add("nextUpdateAt", FieldRule.Date, "'nextUpdateAt' must be in the future.");
        }
        errors.ThrowIfAny();
        foreach (var customer in scope.Where(c => c != MajorIncident.AllCustomers))
        {
            if (await customers.FindAsync(customer, ct) is null)
            {
                throw ValidationException.For("customers", FieldRule.Unknown, $"Unknown customer '{customer}'.");
            }
        }

        var master = input.FromTicket is { } number
            ? await TicketLoader.LoadVisibleAsync(tickets, customers, caller, number, ct)
            : (await commands.CreateAsync(caller, input.Ticket! with { Kind = nameof(TicketKind.Incident) }, idempotencyKey, ct)).Ticket;
        if (master.State.Kind != TicketKind.Incident || !master.State.Status.IsOpen())
        {
            throw new ConflictException("major-incident.not-an-open-incident", $"{master.State.Number} is not an open incident.");
        }
        if (!scope.Contains(MajorIncident.AllCustomers) && !scope.Contains(master.State.CustomerId))
        {
            throw ValidationException.For("customers", FieldRule.Inconsistent, $"The scope must include the incident's own customer '{master.State.CustomerId}'.");
        }
        if (await store.FindAsync(master.State.Number, ct) is { } existing)
        {
            return new DeclareResult(existing.Incident, Created: false);
        }
        var now = time.GetUtcNow();
        var incident = new MajorIncident
        {
            Id = master.State.Number,
            Customers = scope,
            Services = services,
            ConfigurationItems = cis,
            Keywords = keywords,
            Title = title ?? new BilingualText(master.State.Title, master.State.Title),
            Impact = impact!,
            Status = MajorIncidentStatus.Open,
            DeclaredAt = now,
            DeclaredBy = caller.Name,
            Updates = [new MajorIncidentUpdate(0, now, caller.Name, true, message!, input.NextUpdateAt)],
        };
        if (!await store.TryInsertAsync(incident, ct))
        {
            return new DeclareResult((await store.FindAsync(incident.Id, ct))!.Value.Incident, Created: false);
        }
        catalog.Forget();
        await LogOnMasterAsync(incident.Id, ActivityType.MajorIncidentDeclared, $"Major incident declared: {incident.Impact.En}", incident, 0, caller, ct);
        await broadcasts.EnqueueAsync(new BroadcastRequest(incident.Id, 0), ct);
        return new DeclareResult(incident, Created: true);
    }

    private async Task LogOnMasterAsync(string id, ActivityType type, string text, MajorIncident incident, int sequence, Caller caller, CancellationToken ct) =>
        await updater.ChangeAsync(id, (t, now) => t.RecordMajorIncident(type, text, new Dictionary<string, string>
        {
            ["majorIncident"] = id,
            ["update"] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["customers"] = string.Join(",", incident.Customers),
            ["services"] = string.Join(",", incident.Services),
            ["messageSv"] = incident.Updates[sequence].Message.Sv,
            ["messageEn"] = incident.Updates[sequence].Message.En,
            ["public"] = incident.Updates[sequence].Public ? "true" : "false",
        }, caller.Actor, now), ct);

    private static void RequireStaff(Caller caller)
    {
        if (!caller.IsStaff)
        {
            throw new ForbiddenException("Only service desk staff may declare or change major incidents.");
        }
    }

    private static List<string> Scope(FieldErrors errors, Caller caller, List<string>? input)
    {
        var scope = (input ?? []).Select(c => c?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (scope.Count == 0 || scope.Count > 100)
        {
            errors.Add("customers", FieldRule.Required, "Give the customers in scope (1 to 100 ids), or [\"*\"] for all.");
        }
        foreach (var (c, i) in scope.Select((c, i) => (c, i)))
        {
            if (c == MajorIncident.AllCustomers ? !(caller.Has(Role.Admin) || caller.ServedCustomers.Contains(Caller.AllCustomers)) : !(CustomerId.IsValid(c) && caller.Serves(c)))
            {
                errors.Add($"customers[{i}]", FieldRule.Unknown, $"'{c}' is not a customer you serve.");
            }
        }
        if (scope.Contains(MajorIncident.AllCustomers) && scope.Count > 1)
        {
            errors.Add("customers", FieldRule.Inconsistent, "\"*\" (all customers) stands alone.");
        }
        return scope;
    }
}
