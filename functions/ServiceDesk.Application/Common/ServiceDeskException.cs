namespace ServiceDesk.Application.Common;

/// <summary>
/// A failure the caller can act on. The HTTP layer maps each kind to one status code and an
/// RFC 9457 problem with a stable <see cref="ProblemCode"/> (texts in both languages in the text catalogue);
/// queue and mail channels record it as a rejection.
/// </summary>
public abstract class ServiceDeskException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;

    /// <summary>The stable machine code of the problem (<c>validation.failed</c>, <c>ticket.notFound</c>, <c>ticket.illegal-transition</c>).</summary>
    public abstract string ProblemCode { get; }
}

/// <summary>The resource does not exist — or exists but the caller may not know it does.</summary>
public sealed class NotFoundException(string detail, string code = ProblemCodes.NotFound) : ServiceDeskException("Not found", detail)
{
    public override string ProblemCode { get; } = code;
}

public sealed class UnauthenticatedException(string detail) : ServiceDeskException("Authentication required", detail)
{
    public override string ProblemCode => ProblemCodes.AuthRequired;
}

public sealed class ForbiddenException(string detail) : ServiceDeskException("Forbidden", detail)
{
    public override string ProblemCode => ProblemCodes.Forbidden;
}

/// <summary>
/// One or more fields are invalid: <see cref="FieldErrors"/> lists each with its rule (the code) and English message;
/// <see cref="Errors"/> maps field paths to messages (the older shape, kept for compatibility).
/// </summary>
public sealed class ValidationException(IReadOnlyList<FieldError> errors)
    : ServiceDeskException("Validation failed", "One or more fields are invalid.")
{
    public override string ProblemCode => ProblemCodes.ValidationFailed;

    public IReadOnlyList<FieldError> FieldErrors { get; } = errors;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors
        .GroupBy(e => e.Field, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);

    public static ValidationException For(string field, FieldRule rule, string message, IReadOnlyDictionary<string, object>? args = null) =>
        new([new FieldError(field, rule, message, args)]);
}

/// <summary>The request conflicts with the resource's current state (e.g. an illegal transition).</summary>
public sealed class ConflictException(string code, string detail) : ServiceDeskException("Conflict", detail)
{
    public string Code { get; } = code;

    public override string ProblemCode => Code;
}

/// <summary>The request is well-formed but cannot be processed as sent (e.g. an Idempotency-Key reused for another request).</summary>
public sealed class UnprocessableException(string detail) : ServiceDeskException("Unprocessable request", detail)
{
    public override string ProblemCode => ProblemCodes.Unprocessable;
}

/// <summary>The If-Match value does not match the current version: someone else changed it first.</summary>
public sealed class PreconditionFailedException(string detail) : ServiceDeskException("Precondition failed", detail)
{
    public override string ProblemCode => ProblemCodes.PreconditionFailed;
}

/// <summary>A change was sent without If-Match.</summary>
public sealed class PreconditionRequiredException(string detail) : ServiceDeskException("Precondition required", detail)
{
    public override string ProblemCode => ProblemCodes.PreconditionRequired;
}

/// <summary>The work is busy elsewhere right now (another delivery of the same mail is being processed): retry later.</summary>
public sealed class TryLaterException(string code, string detail, int retryAfterSeconds) : ServiceDeskException("Try again later", detail)
{
    public string Code { get; } = code;
    public int RetryAfterSeconds { get; } = retryAfterSeconds;

    public override string ProblemCode => Code;
}

/// <summary>The caller sent too many requests: refused with 429 and Retry-After.</summary>
public sealed class TooManyRequestsException(string code, string detail, int retryAfterSeconds) : ServiceDeskException("Too many requests", detail)
{
    public string Code { get; } = code;
    public int RetryAfterSeconds { get; } = retryAfterSeconds;

    public override string ProblemCode => Code;
}
