using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.LocalHost.Discovery;
using ServiceDesk.LocalHost.Invocation;

namespace ServiceDesk.LocalHost.Durable;

/// <summary>Runs an <c>[ActivityTrigger]</c> function method as a Durable Task activity; the trigger parameter receives the input.</summary>
internal sealed class MethodActivity(FunctionDescriptor function, IServiceProvider services) : ITaskActivity
{
    public Type InputType => function.TriggerParameter.ParameterType == typeof(TaskActivityContext)
        ? typeof(object)
        : function.TriggerParameter.ParameterType;

    public Type OutputType => MethodOrchestrator.ResultType(function.Method);

    public async Task<object?> RunAsync(TaskActivityContext context, object? input)
    {
        await using var scope = services.CreateAsyncScope();
        var functionContext = new LocalFunctionContext(function, scope.ServiceProvider, CancellationToken.None);
        var invoker = services.GetRequiredService<FunctionInvoker>();
        return await invoker.InvokeAsync(function, functionContext, (parameter, _) =>
            ValueTask.FromResult<(bool, object?)>(
                parameter.ParameterType == typeof(TaskActivityContext) ? (true, context) :
                function.IsTrigger(parameter) ? (true, input) :
                (false, null)));
    }
}
