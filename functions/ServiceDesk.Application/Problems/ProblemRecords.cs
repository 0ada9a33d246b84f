using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Problems;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Problems;

/// <summary>
/// Problem records: root cause, workaround, known error, linked incidents, communicating the workaround and resolving
/// the problem with its incidents. Staff serving the problem's customer only; anyone else gets 404 for a problem they
/// cannot see and 403 for one they can (an end user watching it).
/// </summary>
public sealed class ProblemRecords(
    IProblemStore store, ITicketStore tickets, ICustomerDirectory customers, TicketCommands commands, TimeProvider time,
    Knowledge.KnowledgeArticles? knowledge = null)
{
    public async Task<ProblemView> GetAsync(Caller caller, string number, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        var ticket = await LoadProblemAsync(caller, number, ct);
        var record = await store.FindRecordAsync(number, ct);
        return new ProblemView(TicketSummary.From(ticket.State), record?.Value ?? Empty(ticket.State));
    }

    public async Task<ProblemView> UpdateAsync(Caller caller, string number, ProblemFieldsInput input, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        var errors = new FieldErrors();
        var rootCause = errors.Text("rootCause", input.RootCause, Limits.DescriptionLength, required: false);
        var workaround = errors.Text("workaround", input.Workaround, Limits.CommentLength, required: false);
        if (rootCause is null && workaround is null && input.KnownError is null)
        {
            errors.Add("body", FieldRule.Required, "Send at least one of rootCause, workaround, knownError.");
        }
        errors.ThrowIfAny();
        var ticket = await LoadProblemAsync(caller, number, ct);
        var record = await ChangeRecordAsync(ticket.State, r => r with
        {
            RootCause = rootCause ?? r.RootCause,
            Workaround = workaround ?? r.Workaround,
            KnownError = input.KnownError ?? r.KnownError,
        }, ct);
        // A known error with a workaround gets (or updates) a draft known-error article; publishing it is a person's decision.
        if (knowledge is not null && record.KnownError && record.Workaround is { } known)
        {
            await knowledge.KnownErrorAsync(number, ticket.State.Title, record.RootCause, known, ticket.State.Requester.Language, caller.Name, ct);
        }
        return new ProblemView(TicketSummary.From(ticket.State), record);
    }

    public async Task<ProblemView> LinkAsync(Caller caller, string number, ProblemLinkInput input, bool linked, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        var errors = new FieldErrors();
        var incident = errors.Text("incident", input.Incident, TicketNumber.MaxLength, required: true);
        if (incident is not null && (!TicketNumber.TryParse(incident, out var parsed) || parsed?.Kind != TicketKind.Incident))
        {
            errors.Add("incident", FieldRule.Invalid, "'incident' must be an incident number such as INC-000123.");
        }
        errors.ThrowIfAny();
        var ticket = await LoadProblemAsync(caller, number, ct);
        var outcome = await LinkIncidentsAsync(caller, ticket.State, [incident!], linked, input.Pend, ct);
        return new ProblemView(TicketSummary.From(ticket.State), outcome);
    }

    /// <summary>Links (or unlinks) incidents of the problem's customer; others are skipped. Also used by accept.</summary>
    internal async Task<ProblemRecord> LinkIncidentsAsync(Caller caller, TicketState problem, IReadOnlyList<string> incidents, bool linked, bool pend, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        var done = new List<string>();
        foreach (var incident in incidents)
        {
            var stored = await TicketLoader.LoadVisibleAsync(tickets, customers, caller, incident, ct);
            if (stored.State.Kind != TicketKind.Incident || stored.State.CustomerId != problem.CustomerId)
            {
                throw ValidationException.For("incident", FieldRule.Unknown, $"{incident} is not an incident of {problem.CustomerId}.");
            }
            await commands.SetProblemLinkAsync(caller, incident, problem.Number, linked, pend, ct);
            done.Add(incident);
        }
        return await ChangeRecordAsync(problem, r => r with
        {
            Incidents = linked ? r.Incidents.Union(done, StringComparer.Ordinal).ToList() : r.Incidents.Except(done, StringComparer.Ordinal).ToList(),
        }, ct);
    }

    /// <summary>Posts the workaround as a public comment on every linked open incident; the event outbox mails the requesters.</summary>
    public async Task<IReadOnlyList<IncidentOutcome>> CommunicateWorkaroundAsync(Caller caller, string number, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        var ticket = await LoadProblemAsync(caller, number, ct);
        var record = (await store.FindRecordAsync(number, ct))?.Value ?? Empty(ticket.State);
        if (string.IsNullOrWhiteSpace(record.Workaround))
        {
            throw new ConflictException("problem.no-workaround", $"Problem {number} has no workaround yet; set one first.");
        }
        // The requesters read it in Swedish or English mail templates: the prefix is bilingual, the workaround as written.
        var text = $"Tillfällig lösning från problem {number} / Workaround from problem {number}:\n\n{record.Workaround}";
        var outcomes = await ForEachOpenIncidentAsync(record, async incident =>
        {
            await commands.CommentAsync(caller, incident, null, new CommentInput { Text = text, Visibility = "public" }, ct);
            return "commented";
        }, ct);
        await ChangeRecordAsync(ticket.State, r => r with { WorkaroundCommunicatedAt = time.GetUtcNow() }, ct);
        return outcomes;
    }

    /// <summary>Resolves the problem and, if asked, every linked open incident (their requesters get the resolved event).</summary>
    public async Task<(StoredTicket Problem, IReadOnlyList<IncidentOutcome> Incidents)> ResolveAsync(Caller caller, string number, ResolveProblemInput input, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        var errors = new FieldErrors();
        var notes = errors.Text("resolutionNotes", input.ResolutionNotes, Limits.DescriptionLength, required: true);
        var code = errors.Enum<ResolutionCode>("resolutionCode", input.ResolutionCode, required: false) ?? ResolutionCode.Solved;
        errors.ThrowIfAny();
        var ticket = await LoadProblemAsync(caller, number, ct);
        var record = (await store.FindRecordAsync(number, ct))?.Value ?? Empty(ticket.State);
        IReadOnlyList<IncidentOutcome> outcomes = [];
        if (input.ResolveIncidents)
        {
            var text = $"Resolved by problem {number}: {notes}";
            outcomes = await ForEachOpenIncidentAsync(record, async incident =>
            {
                await commands.ResolveForProblemAsync(caller, incident, code, text, ct);
                return "resolved";
            }, ct);
        }
        var resolved = ticket.State.Status.IsOpen()
            ? await commands.ResolveForProblemAsync(caller, number, code, notes!, ct)
            : ticket;
        if (knowledge is not null)
        {
            await knowledge.ProblemResolvedAsync(number, ct);
        }
        return (resolved, outcomes);
    }

    internal async Task<StoredTicket> LoadProblemAsync(Caller caller, string number, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        var stored = await TicketLoader.LoadVisibleAsync(tickets, customers, caller, number, ct);
        if (stored.State.Kind != TicketKind.Problem)
        {
            throw new NotFoundException($"Problem {number} was not found.");
        }
        if (!caller.IsStaff || !caller.Serves(stored.State.CustomerId))
        {
            throw new ForbiddenException("Problem records are managed by service desk staff.");
        }
        return stored;
    }

    internal async Task<ProblemRecord> ChangeRecordAsync(TicketState problem, Func<ProblemRecord, ProblemRecord> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.FindRecordAsync(problem.Number, ct);
            var next = change(stored?.Value ?? Empty(problem)) with { UpdatedAt = time.GetUtcNow() };
            try
            {
                await store.SaveRecordAsync(next, stored?.ETag, ct);
                return next;
            }
            catch (PreconditionFailedException) when (attempt < 5)
            {
                // Someone changed the record between our read and write: apply the change to theirs.
            }
        }
    }

    private async Task<IReadOnlyList<IncidentOutcome>> ForEachOpenIncidentAsync(ProblemRecord record, Func<string, Task<string>> action, CancellationToken ct)
    {
        var outcomes = new List<IncidentOutcome>();
        foreach (var incident in record.Incidents)
        {
            var stored = await tickets.FindAsync(incident, ct);
            if (stored is null || !stored.State.Status.IsOpen())
            {
                outcomes.Add(new IncidentOutcome(incident, "skipped (not open)"));
                continue;
            }
            try
            {
                outcomes.Add(new IncidentOutcome(incident, await action(incident)));
            }
            catch (ServiceDeskException e)
            {
                // One incident that cannot take it (changed meanwhile, closed) must not stop the others.
                outcomes.Add(new IncidentOutcome(incident, "failed: " + e.Message));
            }
        }
        return outcomes;
    }

    private static ProblemRecord Empty(TicketState problem) => new() { Number = problem.Number, CustomerId = problem.CustomerId, UpdatedAt = problem.CreatedAt };
}
