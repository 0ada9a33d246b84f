using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ServiceDesk.Functions.Http;

/// <summary>JSON results serialized with the API's own options, whatever the host's MVC defaults are.</summary>
public static class ApiResults
{
    public static IActionResult Json(object value, int status = StatusCodes.Status200OK) =>
        new JsonResult(value, Http.Json.Options) { StatusCode = status };

    public static IActionResult WithETag(HttpRequest request, string etag, object value, int status = StatusCodes.Status200OK)
    {
        request.HttpContext.Response.Headers.ETag = etag;
        return Json(value, status);
    }
}
