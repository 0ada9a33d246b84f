namespace ServiceDesk.Domain.Surveys;

/// <summary>
/// The requester's answer to a resolved ticket's satisfaction survey: one per ticket, replaced when changed within
/// the window. <see cref="ChangeableUntil"/> is the window of the resolution it answered.
/// </summary>
public sealed record SurveyAnswer(
    string TicketNumber,
    string CustomerId,
    string RequesterId,
    string? AssignmentGroup,
    int Rating,
    string? Comment,
    DateTimeOffset AnsweredAt,
    DateTimeOffset ChangeableUntil);
