using ServiceDesk.Domain.Surveys;

namespace ServiceDesk.Application.Surveys;

/// <summary>The survey answers, one row per ticket (table <c>Surveys</c>).</summary>
public interface ISurveyStore
{
    Task<SurveyAnswer?> FindAsync(string ticketNumber, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the ticket's answer, replacing <paramref name="previous"/>, and moves the answer's count in the
    /// customer's satisfaction counters (per answer day and assignment group) from the previous rating to the new one.
    /// </summary>
    Task SaveAsync(SurveyAnswer? previous, SurveyAnswer answer, CancellationToken cancellationToken);

    /// <summary>The customer's counters of the days <paramref name="fromDay"/> to <paramref name="toDay"/> (yyyyMMdd, inclusive).</summary>
    Task<IReadOnlyList<CsatCounter>> ReadCountersAsync(string customerId, string fromDay, string toDay, CancellationToken cancellationToken);
}

/// <summary>How many answers of each rating (index 0 = rating 1) a customer's group got on a day (yyyyMMdd).</summary>
public sealed record CsatCounter(string Day, string Group, IReadOnlyList<long> Counts);
