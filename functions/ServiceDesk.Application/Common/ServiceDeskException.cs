namespace ServiceDesk.Application.Common;

/// <summary>
/// A failure the caller can act on. The HTTP layer maps each kind to one status code and an
/// RFC 9457 problem; queue and mail channels record it as a rejection.
/// </summary>
public abstract class ServiceDeskException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

/// <summary>The resource does not exist — or exists but the caller may not know it does.</summary>
public sealed class NotFoundException(string detail) : ServiceDeskException("Not found", detail);

public sealed class UnauthenticatedException(string detail) : ServiceDeskException("Authentication required", detail);

public sealed class ForbiddenException(string detail) : ServiceDeskException("Forbidden", detail);

/// <summary>One or more fields are invalid; <see cref="Errors"/> maps field paths to messages.</summary>
public sealed class ValidationException(IReadOnlyDictionary<string, string[]> errors)
    : ServiceDeskException("Validation failed", "One or more fields are invalid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static ValidationException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>The request conflicts with the resource's current state (e.g. an illegal transition).</summary>
public sealed class ConflictException(string code, string detail) : ServiceDeskException("Conflict", detail)
{
    public string Code { get; } = code;
}

/// <summary>The request is well-formed but cannot be processed as sent (e.g. an Idempotency-Key reused for another request).</summary>
public sealed class UnprocessableException(string detail) : ServiceDeskException("Unprocessable request", detail);

/// <summary>The If-Match value does not match the current version: someone else changed it first.</summary>
public sealed class PreconditionFailedException(string detail) : ServiceDeskException("Precondition failed", detail);

/// <summary>A change was sent without If-Match.</summary>
public sealed class PreconditionRequiredException(string detail) : ServiceDeskException("Precondition required", detail);

/// <summary>The work is busy elsewhere right now (another delivery of the same mail is being processed): retry later.</summary>
public sealed class TryLaterException(string code, string detail, int retryAfterSeconds) : ServiceDeskException("Try again later", detail)
{
    public string Code { get; } = code;
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}

/// <summary>The caller sent too many requests: refused with 429 and Retry-After.</summary>
public sealed class TooManyRequestsException(string code, string detail, int retryAfterSeconds) : ServiceDeskException("Too many requests", detail)
{
    public string Code { get; } = code;
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
