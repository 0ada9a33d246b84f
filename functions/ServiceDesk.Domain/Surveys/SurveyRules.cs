namespace ServiceDesk.Domain.Surveys;

/// <summary>The survey's rules: the 1–5 scale, what counts as a low rating, and the answer window.</summary>
public static class SurveyRules
{
    public const int MinRating = 1;
    public const int MaxRating = 5;
    /// <summary>A rating at or below this notifies the assignment group.</summary>
    public const int LowRating = 2;
    public const int MaxCommentLength = 2000;

    public static bool IsValidRating(int rating) => rating is >= MinRating and <= MaxRating;

    public static bool IsLow(int rating) => rating <= LowRating;

    /// <summary>
    /// Until when the survey can be answered or changed: <paramref name="changeableDays"/> after the latest resolution.
    /// A ticket that is open again (reopened) keeps the window of its last answer, if any; a resolution opens a new one.
    /// </summary>
    public static DateTimeOffset? ChangeableUntil(DateTimeOffset? resolvedAt, SurveyAnswer? answer, int changeableDays) =>
        resolvedAt is { } resolved ? resolved.AddDays(changeableDays) : answer?.ChangeableUntil;

    public static SurveyStatus Status(DateTimeOffset changeableUntil, SurveyAnswer? answer, DateTimeOffset now) =>
        now >= changeableUntil ? SurveyStatus.Closed : answer is null ? SurveyStatus.Open : SurveyStatus.Answered;
}

public enum SurveyStatus
{
    Open,
    Answered,
    Closed,
}
