namespace ServiceDesk.Application.Common;

/// <summary>
/// The problem codes that do not come from a domain rule or a conflict at its call site. Codes of
/// <see cref="ConflictException"/>, <see cref="TryLaterException"/>, <see cref="TooManyRequestsException"/> and
/// <c>DomainRuleException</c> are written where they are thrown; the catalogue test finds those in the source and
/// these by reflection, and requires Swedish and English texts for each in <c>Texts.json</c>.
/// </summary>
public static class ProblemCodes
{
    public const string ValidationFailed = "validation.failed";
    public const string AuthRequired = "auth.required";
    public const string Forbidden = "forbidden";
    public const string NotFound = "notFound";
    public const string TicketNotFound = "ticket.notFound";
    public const string SurveyNotFound = "survey.notFound";
    public const string PreconditionFailed = "precondition.failed";
    public const string PreconditionRequired = "precondition.required";
    public const string Unprocessable = "unprocessable";
    public const string PayloadTooLarge = "payloadTooLarge";
    public const string UnsupportedMediaType = "unsupportedMediaType";
    public const string StorageUnavailable = "storage.unavailable";
    public const string Unexpected = "unexpected";
    public const string RemoteControlDisabled = "remote-control.disabled";
    public const string RemoteRateLimited = "remote.rate-limited";
}
