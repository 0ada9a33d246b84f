using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Functions.Security;

namespace ServiceDesk.Functions.Http;

/// <summary>
/// What every authenticated HTTP function does around its handler: authenticate the caller, run the use case,
/// and map failures to problem details. Client errors never become 500s; storage outages become 503s.
/// </summary>
public sealed partial class ApiEndpoint(CallerAuthenticator authenticator, ILogger<ApiEndpoint> logger)
{
    public Task<IActionResult> RunAsync(HttpRequest request, Func<Caller, CancellationToken, Task<IActionResult>> handler) =>
        GuardAsync(request, async () => await handler(await authenticator.AuthenticateAsync(request), request.HttpContext.RequestAborted));

    /// <summary>For the few routes that are public by design (a customer's published status): no caller, the same failure mapping.</summary>
    public Task<IActionResult> RunAnonymousAsync(HttpRequest request, Func<CancellationToken, Task<IActionResult>> handler) =>
        GuardAsync(request, () => handler(request.HttpContext.RequestAborted));

    private async Task<IActionResult> GuardAsync(HttpRequest request, Func<Task<IActionResult>> run)
    {
        try
        {
            return await run();
        }
        catch (ServiceDeskException e)
        {
            return Problems.For(e, request);
        }
        catch (Exception e) when (Problems.IsStorageOutage(e))
        {
            LogStorageOutage(logger, e, request.Method, request.Path);
            return Problems.StorageUnavailable(request);
        }
        catch (OperationCanceledException e) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // Not the caller's cancellation: a storage call ran out of its network timeout on its last try.
            LogStorageOutage(logger, e, request.Method, request.Path);
            return Problems.StorageUnavailable(request);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var traceId = request.HttpContext.TraceIdentifier;
            LogUnexpected(logger, e, request.Method, request.Path, traceId);
            return Problems.Unexpected(request, traceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Storage unavailable during {Method} {Path}")]
    private static partial void LogStorageOutage(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected failure in {Method} {Path} (trace {TraceId})")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path, string traceId);
}
