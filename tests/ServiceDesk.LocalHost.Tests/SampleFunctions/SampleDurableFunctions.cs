using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace ServiceDesk.LocalHost.Tests.SampleFunctions;

public sealed record GreetingRequest(string Name, int DelaySeconds);

/// <summary>
/// A sample orchestration used only by the tests: an HTTP starter with a [DurableClient], an orchestrator that
/// calls an activity, waits a short durable timer and optionally an approval event, and a status endpoint.
/// </summary>
public sealed class SampleDurableFunctions
{
    public const string ApprovalEvent = "Approval";

    [Function("SampleStartGreeting")]
    public async Task<IActionResult> Start(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "e2e/orchestrations/{orchestrator}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string orchestrator)
    {
        var input = await request.ReadFromJsonAsync<GreetingRequest>();
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input);
        return new AcceptedResult($"/api/e2e/orchestrations/status/{instanceId}", new { id = instanceId });
    }

    [Function("SampleGreetingStatus")]
    public async Task<IActionResult> Status(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "e2e/orchestrations/status/{id}")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id)
    {
        var instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
        return instance is null
            ? new NotFoundResult()
            : new OkObjectResult(new { status = instance.RuntimeStatus.ToString(), output = instance.SerializedOutput });
    }

    [Function("SampleRaiseApproval")]
    public async Task<IActionResult> Approve(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "e2e/orchestrations/{id}/approve")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id)
    {
        var approver = await new StreamReader(request.Body).ReadToEndAsync();
        await client.RaiseEventAsync(id, ApprovalEvent, approver);
        return new StatusCodeResult((int)HttpStatusCode.Accepted);
    }

    [Function("SampleGreeting")]
    public async Task<string> Greeting([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<GreetingRequest>()!;
        var greeting = await context.CallActivityAsync<string>("SampleGreet", input.Name);
        await context.CreateTimer(TimeSpan.FromSeconds(input.DelaySeconds), CancellationToken.None);
        return greeting;
    }

    [Function("SampleApproval")]
    public async Task<string> Approval([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<GreetingRequest>()!;
        var approver = await context.WaitForExternalEvent<string>(ApprovalEvent);
        return await context.CallActivityAsync<string>("SampleGreet", $"{input.Name}, approved by {approver}");
    }

    [Function("SampleSlowStep")]
    public async Task<string> SlowStep([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<GreetingRequest>()!;
        return await context.CallActivityAsync<string>("SampleSlowGreet", input);
    }

    /// <summary>Signals <c>slow-started:{name}</c>, counts its runs per name, then takes <c>DelaySeconds</c>.</summary>
    [Function("SampleSlowGreet")]
    public async Task<string> SlowGreet([ActivityTrigger] GreetingRequest input)
    {
        SlowGreetRuns.AddOrUpdate(input.Name, 1, (_, runs) => runs + 1);
        SampleSignals.Set($"slow-started:{input.Name}", input.Name);
        await Task.Delay(TimeSpan.FromSeconds(input.DelaySeconds));
        return $"Hello {input.Name}, slowly";
    }

    /// <summary>How often <c>SampleSlowGreet</c> ran per name (in this test process).</summary>
    public static readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> SlowGreetRuns = new();

    [Function("SampleGreet")]
    public string Greet([ActivityTrigger] string name, FunctionContext context) => $"Hello {name} from {context.FunctionDefinition.Name}";
}
