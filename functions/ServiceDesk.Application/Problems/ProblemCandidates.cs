using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Problems;

namespace ServiceDesk.Application.Problems;

/// <summary>
/// The problem manager's inbox: candidates the detector proposed, with their evidence; accepting one opens a problem
/// ticket and links the member incidents, rejecting one records why and suppresses the cluster for a while.
/// Staff serving the customer only (end users 403, other customers 404).
/// </summary>
public sealed class ProblemCandidates(IProblemStore store, TicketCommands commands, ProblemRecords records, IOptions<ProblemOptions> options, TimeProvider time)
{
    /// <summary>Candidate ids are "{customerId}.{hash}": the customer names the partition.</summary>
    public static string CustomerOf(string id) => id.Split('.')[0];

    public async Task<IReadOnlyList<ProblemCandidate>> ListAsync(Caller caller, string? customerId, string? status, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        var errors = new FieldErrors();
        var wanted = errors.Enum<CandidateStatus>("status", status, required: false);
        if (customerId is null || !CustomerId.IsValid(customerId))
        {
            errors.Add("customerId", FieldRule.Required, "Give the customer: ?customerId=contoso.");
        }
        RequireStaff(caller);
        errors.ThrowIfAny();
        RequireServes(caller, customerId!);
        var all = await store.ListCandidatesAsync(customerId!, ct);
        return all.Select(c => c.Value)
            .Where(c => wanted is null || c.Status == wanted)
            .OrderByDescending(c => c.UpdatedAt)
            .ToList();
    }

    public async Task<ProblemCandidate> GetAsync(Caller caller, string id, CancellationToken ct) => (await LoadAsync(caller, id, ct)).Value;

    public async Task<(ProblemCandidate Candidate, StoredTicket Problem)> AcceptAsync(Caller caller, string id, AcceptCandidateInput input, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        var errors = new FieldErrors();
        var title = errors.Text("title", input.Title, Limits.TitleLength, required: false);
        errors.ThrowIfAny();
        var stored = await LoadAsync(caller, id, ct);
        var candidate = stored.Value;
        if (candidate.Status != CandidateStatus.Open)
        {
            throw new ConflictException("candidate.decided", $"Candidate {id} is already {candidate.Status}.");
        }
        // The candidate id is an Idempotency-Key shared by all managers: a retried accept, or two managers at once,
        // open one problem (the second gets the first one's; linking is idempotent and the candidate re-read below).
        var created = await commands.CreateAsync(caller, new CreateTicketInput
        {
            Kind = "Problem",
            CustomerId = candidate.CustomerId,
            Title = title ?? DefaultTitle(candidate),
            Description = Evidence(candidate),
            Category = candidate.Dimension == "category" ? candidate.Value : null,
            Service = candidate.Dimension == "service" ? candidate.Value : null,
            ConfigurationItem = candidate.Dimension is "configurationItem" ? candidate.Value : null,
            Requester = new RequesterInput { Id = caller.UserId, Name = caller.Name, Email = caller.Email },
        }, "candidate:" + id, new TicketCommands.SharedIdempotency("problem-candidates", "candidate:" + id), ct);
        var problem = created.Ticket;
        await records.ChangeRecordAsync(problem.State, r => r with { CandidateId = id }, ct);
        await records.LinkIncidentsAsync(caller, problem.State, candidate.Members, linked: true, input.PendIncidents, ct);
        var accepted = candidate.Accept(problem.State.Number, caller.UserId, time.GetUtcNow());
        try
        {
            await store.ReplaceCandidateAsync(accepted, stored.ETag, ct);
        }
        catch (PreconditionFailedException)
        {
            // The detector grew the cluster meanwhile, or a twin accept won: re-read and mark it accepted.
            var again = await LoadAsync(caller, id, ct);
            if (again.Value.Status == CandidateStatus.Open)
            {
                accepted = again.Value.Accept(problem.State.Number, caller.UserId, time.GetUtcNow());
                await store.ReplaceCandidateAsync(accepted, again.ETag, ct);
            }
            else
            {
                accepted = again.Value;
            }
        }
        return (accepted, problem);
    }

    public async Task<ProblemCandidate> RejectAsync(Caller caller, string id, RejectCandidateInput input, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        var errors = new FieldErrors();
        var reason = errors.Text("reason", input.Reason, Limits.ReasonLength, required: true);
        errors.ThrowIfAny();
        var stored = await LoadAsync(caller, id, ct);
        ProblemCandidate rejected;
        try
        {
            rejected = stored.Value.Reject(reason!, caller.UserId, options.Value.ToSettings().RejectionSuppression, time.GetUtcNow());
        }
        catch (DomainRuleException e)
        {
            throw new ConflictException(e.Code, e.Message);
        }
        await store.ReplaceCandidateAsync(rejected, stored.ETag, ct);
        return rejected;
    }

    private async Task<Stored<ProblemCandidate>> LoadAsync(Caller caller, string id, CancellationToken ct)
    {
        caller = caller.ForProblemManagement();
        RequireStaff(caller);
        var customerId = CustomerOf(id);
        var notFound = new NotFoundException($"Candidate '{(id.Length <= 100 ? id : id[..100])}' was not found.");
        if (!CustomerId.IsValid(customerId) || !caller.Serves(customerId))
        {
            throw notFound;
        }
        return await store.FindCandidateAsync(customerId, id, ct) ?? throw notFound;
    }

    private static void RequireStaff(Caller caller)
    {
        if (!caller.IsStaff)
        {
            throw new ForbiddenException("Problem candidates are for service desk staff.");
        }
    }

    private static void RequireServes(Caller caller, string customerId)
    {
        if (!caller.Serves(customerId))
        {
            throw new NotFoundException($"Customer '{customerId}' was not found.");
        }
    }

    private static string DefaultTitle(ProblemCandidate c)
    {
        var title = c.Rule switch
        {
            DetectionRule.Volume => $"Recurring incidents: {c.Dimension} {c.Value}",
            DetectionRule.Reopen => $"Repeated failures: {c.Value}",
            _ => $"Recurring fault: {string.Join(" ", c.TopTerms.Take(4))}",
        };
        return title.Length > Limits.TitleLength ? title[..Limits.TitleLength] : title;
    }

    private static string Evidence(ProblemCandidate c) =>
        $"Proposed by problem detection ({c.Rule} rule, {c.Dimension} = {c.Value}).\n" +
        $"{c.Members.Count} incidents between {c.From:u} and {c.To:u} (threshold {c.Threshold}, expected {c.Expected}).\n" +
        $"Top terms: {string.Join(", ", c.TopTerms)}.\nCandidate: {c.Id}.";
}
