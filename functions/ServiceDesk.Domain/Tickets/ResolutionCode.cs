namespace ServiceDesk.Domain.Tickets;

public enum ResolutionCode
{
    Solved,
    Workaround,
    NotReproducible,
    Duplicate,
    Withdrawn,
    ResolvedByThirdParty,
    /// <summary>Not the service desk's to handle; the user was redirected.</summary>
    OutOfScope,
}
