using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ServiceDesk.LocalHost.Tests.SampleFunctions;

/// <summary>HTTP samples for binding and failure behaviour.</summary>
public sealed class SampleHttpFunctions
{
    [Function("SampleEcho")]
    public IActionResult Echo(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "e2e/echo/{word}/{count:int}")] HttpRequest request,
        string word,
        int count,
        FunctionContext context) =>
        new OkObjectResult(new { word, count, function = context.FunctionDefinition.Name, invocationId = context.InvocationId });

    [Function("SampleThrows")]
    public IActionResult Throws([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "e2e/throws")] HttpRequest request) =>
        throw new InvalidOperationException("Sample failure.");
}
