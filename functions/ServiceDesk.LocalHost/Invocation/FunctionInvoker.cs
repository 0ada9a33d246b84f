using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceDesk.Functions.Operations;
using ServiceDesk.LocalHost.Discovery;
using ServiceDesk.LocalHost.Durable;

namespace ServiceDesk.LocalHost.Invocation;

/// <summary>
/// Runs one function method: creates the function class from the invocation's service scope (constructor
/// injection, as the Functions worker does), binds the parameters, awaits the result and logs failures with the
/// invocation id. Exceptions are rethrown so each trigger applies its own failure semantics
/// (HTTP 500, queue retry then poison, timer keeps its schedule).
/// </summary>
public sealed class FunctionInvoker(ILogger<FunctionInvoker> logger)
{
    private readonly ConcurrentDictionary<Type, ObjectFactory> _factories = new();

    /// <summary>One span per invocation, as the Functions worker starts one: the use cases' spans nest under it.</summary>
    private static readonly ActivitySource Source = new(TelemetryRegistration.LocalHostSourceName);

    public async Task<object?> InvokeAsync(FunctionDescriptor function, LocalFunctionContext context, ParameterBinder binder)
    {
        using var activity = Source.StartActivity("Invoke " + function.Name, function.Trigger is HttpTriggerBinding ? ActivityKind.Server : ActivityKind.Internal);
        activity?.SetTag("faas.name", function.Name);
        activity?.SetTag("faas.invocation_id", context.InvocationId);
        if (function.Trigger is HttpTriggerBinding http && context.Items.TryGetValue(LocalFunctionContext.HttpContextItemKey, out var item)
            && item is Microsoft.AspNetCore.Http.HttpContext request)
        {
            // The route template, not the path: paths and query strings may carry tokens or addresses.
            activity?.SetTag("http.request.method", request.Request.Method);
            activity?.SetTag("http.route", http.Route ?? function.Name);
        }
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["InvocationId"] = context.InvocationId,
            ["FunctionName"] = function.Name,
        });
        logger.LogDebug("Executing '{FunctionName}' (invocation {InvocationId})", function.Name, context.InvocationId);
        try
        {
            var method = function.Method;
            var target = method.IsStatic
                ? null
                : _factories.GetOrAdd(method.DeclaringType!, type => ActivatorUtilities.CreateFactory(type, Type.EmptyTypes))(context.InstanceServices, null);
            var parameters = method.GetParameters();
            var arguments = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                arguments[i] = await BindAsync(parameters[i], context, binder);
            }

            var returned = method.Invoke(target, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
            var result = await AwaitResultAsync(returned);
            logger.LogDebug("Executed '{FunctionName}' (invocation {InvocationId})", function.Name, context.InvocationId);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !context.CancellationToken.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            logger.LogError(ex, "Function '{FunctionName}' failed (invocation {InvocationId}): {Message}",
                function.Name, context.InvocationId, ex.Message);
            throw;
        }
    }

    private static async ValueTask<object?> BindAsync(ParameterInfo parameter, LocalFunctionContext context, ParameterBinder binder)
    {
        var (bound, value) = await binder(parameter, context);
        if (bound) return value;

        var type = parameter.ParameterType;
        if (type == typeof(FunctionContext) || type == typeof(LocalFunctionContext)) return context;
        if (type == typeof(CancellationToken)) return context.CancellationToken;
        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
            var engine = context.InstanceServices.GetService<DurableEngine>()
                ?? throw new InvalidOperationException("A [DurableClient] parameter needs the Durable engine, which is not running in this local host.");
            // The engine starts in the background; a client call before it listens would fail.
            await engine.Ready.WaitAsync(context.CancellationToken);
            return context.InstanceServices.GetRequiredService<DurableTaskClient>();
        }
        if (parameter.HasDefaultValue) return parameter.DefaultValue;
        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }

    /// <summary>Awaits Task, Task&lt;T&gt;, ValueTask and ValueTask&lt;T&gt; results and unwraps their values.</summary>
    internal static async Task<object?> AwaitResultAsync(object? returned)
    {
        switch (returned)
        {
            case null:
                return null;
            case Task task:
                await task;
                var taskType = task.GetType();
                if (taskType.IsGenericType && taskType.GetGenericArguments()[0].Name != "VoidTaskResult")
                {
                    return taskType.GetProperty("Result")!.GetValue(task);
                }
                return null;
            case ValueTask valueTask:
                await valueTask;
                return null;
        }

        var type = returned.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            var asTask = (Task)type.GetMethod(nameof(ValueTask<int>.AsTask))!.Invoke(returned, null)!;
            return await AwaitResultAsync(asTask);
        }
        return returned;
    }
}
