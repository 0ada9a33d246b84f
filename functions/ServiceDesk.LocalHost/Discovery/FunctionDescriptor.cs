using System.Reflection;

namespace ServiceDesk.LocalHost.Discovery;

/// <summary>One function found by reflection: its name, the method that runs it and its bindings.</summary>
/// <param name="Name">The name from <c>[Function("...")]</c>.</param>
/// <param name="Method">The method carrying the attribute.</param>
/// <param name="Trigger">The trigger, from the one trigger attribute on a parameter.</param>
/// <param name="TriggerParameter">The parameter carrying the trigger attribute.</param>
/// <param name="OtherBindings">Non-trigger bindings (e.g. "durableClient" inputs, "$return" outputs).</param>
public sealed record FunctionDescriptor(
    string Name,
    MethodInfo Method,
    TriggerBinding Trigger,
    ParameterInfo TriggerParameter,
    IReadOnlyList<BindingDescriptor> OtherBindings)
{
    public string EntryPoint => $"{Method.DeclaringType!.FullName}.{Method.Name}";

    /// <summary>
    /// Whether <paramref name="parameter"/> (one of <see cref="Method"/>'s) is the trigger parameter. By position, not
    /// reference: a method's ParameterInfo objects are cached lazily and without a lock, so two hosts discovering the
    /// same method at once (parallel tests) can end up holding different instances for the same parameter; compared
    /// by reference, the trigger input (an activity's input, a queue message) was then silently bound as null.
    /// </summary>
    public bool IsTrigger(ParameterInfo parameter) => parameter.Position == TriggerParameter.Position;
}

/// <summary>A non-trigger binding, named as in functions.metadata.</summary>
public sealed record BindingDescriptor(string Name, string Type, string Direction);
