using System.Text.Json.Serialization;

namespace ServiceDesk.Application.Surveys;

/// <summary>An answer as the requester sends it: a rating 1–5, an optional comment, and whether to reopen on a low rating.</summary>
public sealed record SurveyInput
{
    public int? Rating { get; init; }
    public string? Comment { get; init; }
    public bool? Reopen { get; init; }
}

/// <summary>A ticket's survey as the requester (or staff) reads it; rating, comment and answeredAt are null (not left out) until answered.</summary>
public sealed record SurveyView(
    string TicketNumber,
    Domain.Surveys.SurveyStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Rating,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Comment,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DateTimeOffset? AnsweredAt,
    DateTimeOffset ChangeableUntil);
