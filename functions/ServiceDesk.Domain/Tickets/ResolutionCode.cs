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
    /// <summary>A topic of the customer's that another party handles: the user got the guidance of its redirect topic.</summary>
    Redirected,
    /// <summary>A knowledge article solved it (a deflection).</summary>
    SolvedByArticle,
    /// <summary>A simple question answered at first contact (e.g. on the phone), possibly with an article.</summary>
    QuestionAnswered,
}
