using System.Reflection;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.LocalHost.Discovery;
using ServiceDesk.LocalHost.Invocation;

namespace ServiceDesk.LocalHost.Durable;

/// <summary>
/// Runs an <c>[OrchestrationTrigger]</c> function method as a Durable Task orchestrator. The method reads its
/// input with <c>context.GetInput&lt;T&gt;()</c>, exactly as in Azure.
/// </summary>
internal sealed class MethodOrchestrator(FunctionDescriptor function, IServiceProvider services) : ITaskOrchestrator
{
    public Type InputType => typeof(object);
    public Type OutputType => ResultType(function.Method);

    public async Task<object?> RunAsync(TaskOrchestrationContext context, object? input)
    {
        // No async scope disposal here: orchestrator code must stay on the orchestration's own scheduler.
        using var scope = services.CreateScope();
        var functionContext = new LocalFunctionContext(function, scope.ServiceProvider, CancellationToken.None);
        var invoker = services.GetRequiredService<FunctionInvoker>();
        var converting = new InputConvertingOrchestrationContext(context, input);
        return await invoker.InvokeAsync(function, functionContext, (parameter, _) =>
            ValueTask.FromResult<(bool, object?)>(
                parameter.ParameterType == typeof(TaskOrchestrationContext) ? (true, converting) : (false, null)));
    }

    internal static Type ResultType(MethodInfo method)
    {
        var type = method.ReturnType;
        if (type == typeof(void) || type == typeof(Task) || type == typeof(ValueTask)) return typeof(object);
        if (type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(Task<>) || type.GetGenericTypeDefinition() == typeof(ValueTask<>)))
        {
            return type.GetGenericArguments()[0];
        }
        return type;
    }
}
