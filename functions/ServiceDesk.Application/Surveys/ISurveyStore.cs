using ServiceDesk.Domain.Surveys;

namespace ServiceDesk.Application.Surveys;

/// <summary>The survey answers, one row per ticket (table <c>Surveys</c>).</summary>
public interface ISurveyStore
{
    Task<SurveyAnswer?> FindAsync(string ticketNumber, CancellationToken cancellationToken);

    /// <summary>Writes the ticket's answer, replacing the one before.</summary>
    Task SaveAsync(SurveyAnswer answer, CancellationToken cancellationToken);
}
