using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Common;

namespace ServiceDesk.Functions.Http;

/// <summary>
/// The Swedish and English texts of problem codes, field rules and field labels (<see cref="TextCatalog"/>), for the
/// portal to show problems in the user's language. Anonymous (nothing in it is secret) and cacheable with its ETag.
/// </summary>
public sealed class TextsApi
{
    [Function("GetTexts")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "texts")] HttpRequest req)
    {
        var catalog = TextCatalog.Default;
        var headers = req.HttpContext.Response.Headers;
        headers.ETag = catalog.ETag;
        headers.CacheControl = "public, max-age=3600";
        if (req.Headers.IfNoneMatch.Contains(catalog.ETag))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }
        return new FileContentResult(catalog.Json, "application/json; charset=utf-8");
    }
}
