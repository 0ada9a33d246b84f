using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ServiceDesk.Functions.Http.OpenApi;

/// <summary>The API's OpenAPI 3.1 document and a page that reads it. Anonymous: the contract is not a secret.</summary>
public sealed class OpenApiFunctions
{
    [Function("OpenApiDocument")]
    public IActionResult Document([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest req) =>
        new ContentResult { Content = OpenApiDocumentBuilder.Json, ContentType = "application/json; charset=utf-8", StatusCode = StatusCodes.Status200OK };

    [Function("ApiDocs")]
    public IActionResult Docs([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs")] HttpRequest req) =>
        new ContentResult { Content = DocsPage.Html, ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
}
