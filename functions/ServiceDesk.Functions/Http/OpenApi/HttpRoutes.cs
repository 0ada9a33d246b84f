using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;

namespace ServiceDesk.Functions.Http.OpenApi;

/// <summary>An HTTP trigger of the app: the function's name, one method, its route template and the route as an OpenAPI path.</summary>
public sealed partial record HttpRoute(string Function, string Method, string Template, AuthorizationLevel Level)
{
    /// <summary>The route without constraints or catch-all marks (<c>{step:int}</c> → <c>{step}</c>, <c>{*path}</c> → <c>{path}</c>).</summary>
    public string Route => Constraint().Replace(Template, "{$1}");

    public static string Key(string method, string route) => method.ToUpperInvariant() + " " + route;

    public string Key() => Key(Method, Route);

    [GeneratedRegex(@"\{\*?(\w+)(?::[^}]*)?\??\}")]
    private static partial Regex Constraint();
}

/// <summary>The HTTP triggers of the Functions assembly, read from the same attributes (and types) the local host's FunctionCatalog reads.</summary>
public static class HttpRoutes
{
    public static IReadOnlyList<HttpRoute> Of(Assembly assembly) =>
    [
        .. from type in assembly.GetExportedTypes()
           from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
           let function = method.GetCustomAttribute<FunctionAttribute>()
           where function is not null
           from parameter in method.GetParameters()
           let trigger = parameter.GetCustomAttribute<HttpTriggerAttribute>()
           where trigger is not null
           from verb in trigger.Methods ?? []
           orderby trigger.Route, verb
           select new HttpRoute(function.Name, verb.ToLowerInvariant(), trigger.Route ?? function.Name, trigger.AuthLevel),
    ];
}
