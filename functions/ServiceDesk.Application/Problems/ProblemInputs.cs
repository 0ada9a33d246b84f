namespace ServiceDesk.Application.Problems;

public sealed record AcceptCandidateInput
{
    /// <summary>Title of the problem ticket; defaults to one made from the evidence.</summary>
    public string? Title { get; init; }
    /// <summary>Pend the member incidents that are being worked (reason AwaitingProblem).</summary>
    public bool PendIncidents { get; init; }
}

public sealed record RejectCandidateInput
{
    public string? Reason { get; init; }
}

public sealed record ProblemFieldsInput
{
    public string? RootCause { get; init; }
    public string? Workaround { get; init; }
    public bool? KnownError { get; init; }
}

public sealed record ProblemLinkInput
{
    public string? Incident { get; init; }
    /// <summary>Pend the incident (reason AwaitingProblem) if it is being worked.</summary>
    public bool Pend { get; init; }
}

public sealed record ResolveProblemInput
{
    public string? ResolutionNotes { get; init; }
    /// <summary>Defaults to Solved.</summary>
    public string? ResolutionCode { get; init; }
    /// <summary>Also resolve every linked open incident (their requesters are notified through the usual events).</summary>
    public bool ResolveIncidents { get; init; }
}

/// <summary>A problem ticket with its problem record.</summary>
public sealed record ProblemView(Tickets.TicketSummary Ticket, Domain.Problems.ProblemRecord Record);

/// <summary>What happened to each linked incident in a bulk action.</summary>
public sealed record IncidentOutcome(string Incident, string Outcome);
