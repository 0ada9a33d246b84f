using System.Reflection;

namespace ServiceDesk.LocalHost.Invocation;

/// <summary>
/// Supplies the trigger-specific parameter values of one invocation (the HTTP request, the queue message,
/// route values, ...). Returns <c>(false, null)</c> for parameters it does not know, which the invoker then
/// binds generically (FunctionContext, CancellationToken, [DurableClient], default values).
/// </summary>
public delegate ValueTask<(bool Bound, object? Value)> ParameterBinder(ParameterInfo parameter, LocalFunctionContext context);
