using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ServiceDesk.Application.Common;

namespace ServiceDesk.Functions.Http;

/// <summary>The one place that maps failures to RFC 9457 problem details.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IActionResult For(ServiceDeskException e, HttpRequest request)
    {
        var status = e switch
        {
            ValidationException => StatusCodes.Status400BadRequest,
            UnauthenticatedException => StatusCodes.Status401Unauthorized,
            ForbiddenException or Application.RemoteSessions.RemoteControlDisabledException => StatusCodes.Status403Forbidden,
            NotFoundException => StatusCodes.Status404NotFound,
            ConflictException => StatusCodes.Status409Conflict,
            PreconditionFailedException => StatusCodes.Status412PreconditionFailed,
            PayloadTooLargeException => StatusCodes.Status413PayloadTooLarge,
            UnsupportedMediaTypeException => StatusCodes.Status415UnsupportedMediaType,
            UnprocessableException => StatusCodes.Status422UnprocessableEntity,
            PreconditionRequiredException => StatusCodes.Status428PreconditionRequired,
            TooManyRequestsException => StatusCodes.Status429TooManyRequests,
            TryLaterException => StatusCodes.Status503ServiceUnavailable,
            _ => StatusCodes.Status400BadRequest,
        };
        var problem = new ProblemDetails
        {
            Type = $"https://httpstatuses.io/{status}",
            Title = e.Title,
            Status = status,
            Detail = e.Message,
            Instance = request.Path,
        };
        problem.Extensions["code"] = e.ProblemCode;
        if (e is ValidationException v)
        {
            problem.Extensions["errors"] = v.Errors;
            problem.Extensions["fieldErrors"] = v.FieldErrors.Select(f => new FieldErrorView(f.Field, f.RuleName, f.Code, f.Message, f.Args)).ToList();
        }
        if (e is Application.RemoteSessions.RemoteControlDisabledException)
        {
            problem.Extensions["reason"] = new Dictionary<string, string>
            {
                ["sv"] = Application.RemoteSessions.RemoteControlDisabledException.ReasonSv,
                ["en"] = Application.RemoteSessions.RemoteControlDisabledException.ReasonEn,
            };
        }
        if (e is TryLaterException later)
        {
            request.HttpContext.Response.Headers.RetryAfter = later.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (e is TooManyRequestsException tooMany)
        {
            request.HttpContext.Response.Headers.RetryAfter = tooMany.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        if (status == StatusCodes.Status401Unauthorized)
        {
            request.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
        }
        return Result(problem);
    }

    public static IActionResult StorageUnavailable(HttpRequest request)
    {
        request.HttpContext.Response.Headers.RetryAfter = "5";
        return Result(new ProblemDetails
        {
            Type = "https://httpstatuses.io/503",
            Title = "Service unavailable",
            Status = StatusCodes.Status503ServiceUnavailable,
            Detail = "Storage is not reachable right now. Nothing was changed unless the response to a retry says so; retry shortly (with the same Idempotency-Key for creates).",
            Instance = request.Path,
            Extensions = { ["code"] = ProblemCodes.StorageUnavailable },
        });
    }

    public static IActionResult Unexpected(HttpRequest request, string invocationId) => Result(new ProblemDetails
    {
        Type = "https://httpstatuses.io/500",
        Title = "Internal server error",
        Status = StatusCodes.Status500InternalServerError,
        Detail = "Something went wrong on our side. It has been logged; quote the trace id when you report it.",
        Instance = request.Path,
        Extensions = { ["code"] = ProblemCodes.Unexpected, ["traceId"] = invocationId },
    });

    /// <summary>
    /// Storage answered 5xx (throttling, server busy), could not be reached, or did not answer in time: the SDK gives
    /// up after its retries with an <see cref="AggregateException"/> of the tries, where a try that hit the client's
    /// network timeout is a <see cref="TaskCanceledException"/> (a caller's own cancellation is never retried).
    /// </summary>
    public static bool IsStorageOutage(Exception e) =>
        e is RequestFailedException { Status: 0 or >= 500 } ||
        e is HttpRequestException ||
        (e is AggregateException a && a.InnerExceptions.All(i => IsStorageOutage(i) || i is TaskCanceledException));

    /// <summary>One entry of <c>fieldErrors</c>: the field's path, the rule and its code, the English message, the rule's values.</summary>
    public sealed record FieldErrorView(string Field, string Rule, string Code, string Message, IReadOnlyDictionary<string, object>? Args);

    private static ObjectResult Result(ProblemDetails problem) => new(problem)
    {
        StatusCode = problem.Status,
        ContentTypes = { ContentType },
    };
}
