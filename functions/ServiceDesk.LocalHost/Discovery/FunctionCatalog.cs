using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace ServiceDesk.LocalHost.Discovery;

/// <summary>
/// Finds functions by reflection from the same attributes the Functions SDK reads when it writes
/// functions.metadata: <c>[Function]</c> methods and the trigger/binding attributes on their parameters.
/// Nothing is registered by hand, so a new function is served without touching the local host.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Discover(IEnumerable<Assembly> assemblies)
    {
        var functions = new List<FunctionDescriptor>();
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var type in assembly.GetExportedTypes())
            {
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
                {
                    var function = method.GetCustomAttribute<FunctionAttribute>();
                    if (function is not null)
                    {
                        functions.Add(Describe(function.Name, method));
                    }
                }
            }
        }

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Function name '{duplicate.Key}' is used by more than one method: {string.Join(", ", duplicate.Select(f => f.EntryPoint))}.");
        }
        return functions.OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
    }

    private static FunctionDescriptor Describe(string name, MethodInfo method)
    {
        TriggerBinding? trigger = null;
        ParameterInfo? triggerParameter = null;
        var others = new List<BindingDescriptor>();

        foreach (var parameter in method.GetParameters())
        {
            foreach (var attribute in parameter.GetCustomAttributes<BindingAttribute>())
            {
                if (attribute is TriggerBindingAttribute triggerAttribute)
                {
                    if (trigger is not null)
                    {
                        throw new InvalidOperationException($"Function '{name}' has more than one trigger.");
                    }
                    trigger = ToTrigger(triggerAttribute);
                    triggerParameter = parameter;
                }
                else
                {
                    others.Add(new BindingDescriptor(parameter.Name!, BindingTypeName(attribute), "In"));
                }
            }
        }

        if (trigger is null || triggerParameter is null)
        {
            throw new InvalidOperationException($"Function '{name}' ({method.DeclaringType?.FullName}.{method.Name}) has no trigger parameter.");
        }

        foreach (var attribute in method.ReturnParameter.GetCustomAttributes<OutputBindingAttribute>())
        {
            others.Add(new BindingDescriptor("$return", BindingTypeName(attribute), "Out"));
        }
        if (trigger is HttpTriggerBinding)
        {
            // The SDK adds an implicit HTTP output for the return value of every HTTP-triggered function.
            others.Add(new BindingDescriptor("$return", "http", "Out"));
        }
        return new FunctionDescriptor(name, method, trigger, triggerParameter, others);
    }

    private static TriggerBinding ToTrigger(TriggerBindingAttribute attribute) => attribute switch
    {
        HttpTriggerAttribute http => new HttpTriggerBinding(http.AuthLevel, http.Methods, http.Route),
        TimerTriggerAttribute timer => new TimerTriggerBinding(timer.Schedule, timer.RunOnStartup, timer.UseMonitor),
        QueueTriggerAttribute queue => new QueueTriggerBinding(queue.QueueName, queue.Connection),
        OrchestrationTriggerAttribute => new OrchestrationTriggerBinding(),
        ActivityTriggerAttribute => new ActivityTriggerBinding(),
        // Durable entities are not hosted locally (yet): listed, compared by the drift guard, not run.
        _ => new UnsupportedTriggerBinding(BindingTypeName(attribute)),
    };

    /// <summary>The SDK's naming rule: the attribute class name without "Attribute", "Input" or "Output", camel-cased.</summary>
    internal static string BindingTypeName(BindingAttribute attribute)
    {
        var name = attribute.GetType().Name;
        foreach (var suffix in new[] { "Attribute", "Input", "Output" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = name[..^suffix.Length];
            }
        }
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
