using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.LocalHost.Discovery;
using ServiceDesk.LocalHost.Invocation;
using FromBodyAttribute = Microsoft.Azure.Functions.Worker.Http.FromBodyAttribute;

namespace ServiceDesk.LocalHost.Http;

/// <summary>
/// Maps every HTTP-triggered function onto ASP.NET Core endpoint routing with its route template and methods
/// under the host.json route prefix, and executes <see cref="IActionResult"/> results with an
/// <see cref="ActionContext"/>, as the Functions ASP.NET Core integration does.
/// </summary>
public static class HttpFunctionEndpoints
{
    public static string RouteTemplate(FunctionDescriptor function, string routePrefix)
    {
        var http = (HttpTriggerBinding)function.Trigger;
        var route = (http.Route ?? function.Name).Trim('/');
        return string.IsNullOrEmpty(routePrefix) ? route : $"{routePrefix}/{route}";
    }

    public static void Map(IEndpointRouteBuilder endpoints, IEnumerable<FunctionDescriptor> functions, string routePrefix)
    {
        foreach (var function in functions.Where(f => f.Trigger is HttpTriggerBinding))
        {
            var http = (HttpTriggerBinding)function.Trigger;
            var template = "/" + RouteTemplate(function, routePrefix);
            RequestDelegate handler = context => HandleAsync(function, context);
            var builder = http.Methods is { Count: > 0 } methods
                ? endpoints.MapMethods(template, methods.Select(m => m.ToUpperInvariant()), handler)
                : endpoints.Map(template, handler);
            builder.WithDisplayName(function.Name);
        }
    }

    /// <summary>
    /// Local convenience: <c>/portal</c> redirects to the portal function under the route prefix
    /// (<c>/api/portal/</c>). The real Functions host applies the prefix to every function and has no such redirect, so
    /// in Azure the portal's address is <c>https://&lt;app&gt;/api/portal/</c>.
    /// </summary>
    public static void MapPortalRedirect(IEndpointRouteBuilder endpoints, IEnumerable<FunctionDescriptor> functions, string routePrefix)
    {
        var portal = functions.FirstOrDefault(f => f.Trigger is HttpTriggerBinding { Route: { } r } && r.StartsWith("portal/", StringComparison.Ordinal));
        if (portal is null || string.IsNullOrEmpty(routePrefix)) return;
        endpoints.MapMethods("/portal/{**rest}", ["GET", "HEAD"], context =>
        {
            var rest = context.Request.RouteValues["rest"] as string;
            context.Response.Redirect($"/{routePrefix}/portal/{rest}{context.Request.QueryString}");
            return Task.CompletedTask;
        }).WithDisplayName("PortalRedirect");
    }

    private static async Task HandleAsync(FunctionDescriptor function, HttpContext http)
    {
        var invoker = http.RequestServices.GetRequiredService<FunctionInvoker>();
        var context = new LocalFunctionContext(function, http.RequestServices, http.RequestAborted);
        context.Items[LocalFunctionContext.HttpContextItemKey] = http;

        object? result;
        try
        {
            result = await invoker.InvokeAsync(function, context, (parameter, _) => BindAsync(function, parameter, http));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception)
        {
            // Already logged with the invocation id by the invoker. Only genuinely unexpected failures reach
            // here: the functions map their own expected failures to problem+json.
            if (!http.Response.HasStarted)
            {
                await Results.Problem(
                    title: "An unexpected error occurred.",
                    statusCode: StatusCodes.Status500InternalServerError,
                    extensions: new Dictionary<string, object?> { ["invocationId"] = context.InvocationId })
                    .ExecuteAsync(http);
            }
            return;
        }

        await WriteResultAsync(http, result);
    }

    private static async ValueTask<(bool, object?)> BindAsync(FunctionDescriptor function, ParameterInfo parameter, HttpContext http)
    {
        var type = parameter.ParameterType;
        if (function.IsTrigger(parameter) || type == typeof(HttpRequest))
        {
            if (type != typeof(HttpRequest))
            {
                throw new NotSupportedException(
                    $"The local host binds [HttpTrigger] only to HttpRequest (ASP.NET Core integration), not {type.Name}.");
            }
            return (true, http.Request);
        }
        if (type == typeof(HttpContext)) return (true, http);
        if (parameter.GetCustomAttribute<FromBodyAttribute>() is not null
            || parameter.GetCustomAttribute<Microsoft.AspNetCore.Mvc.FromBodyAttribute>() is not null)
        {
            return (true, await http.Request.ReadFromJsonAsync(type, http.RequestAborted));
        }
        if (http.Request.RouteValues.TryGetValue(parameter.Name!, out var routeValue) && routeValue is not null)
        {
            return (true, Convert(routeValue, type, parameter.Name!));
        }
        if (http.Request.Query.TryGetValue(parameter.Name!, out var queryValue))
        {
            return (true, Convert(queryValue.ToString(), type, parameter.Name!));
        }
        return (false, null);
    }

    private static object? Convert(object value, Type type, string name)
    {
        if (type.IsInstanceOfType(value)) return value;
        var converter = TypeDescriptor.GetConverter(type);
        try
        {
            return converter.ConvertFrom(null, CultureInfo.InvariantCulture, value.ToString()!);
        }
        catch (Exception ex) when (ex is FormatException or NotSupportedException or ArgumentException)
        {
            throw new FormatException($"'{value}' is not a valid value for '{name}'.");
        }
    }

    private static async Task WriteResultAsync(HttpContext http, object? result)
    {
        switch (result)
        {
            case IActionResult actionResult:
                var routeData = http.GetRouteData();
                await actionResult.ExecuteResultAsync(new ActionContext(http, routeData, new ActionDescriptor()));
                break;
            case IResult httpResult:
                await httpResult.ExecuteAsync(http);
                break;
            case null:
                http.Response.StatusCode = StatusCodes.Status200OK;
                break;
            case string text:
                http.Response.ContentType = "text/plain; charset=utf-8";
                await http.Response.WriteAsync(text, http.RequestAborted);
                break;
            default:
                await new ObjectResult(result).ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
                break;
        }
    }
}
