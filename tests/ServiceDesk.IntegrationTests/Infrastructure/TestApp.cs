using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Customers;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Functions;
using ServiceDesk.Functions.Operations;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.IntegrationTests.Infrastructure;

/// <summary>
/// The real composition (<see cref="ServiceDeskRegistration.AddServiceDesk"/>) over a real Azurite, with its own
/// table prefix so test classes do not see each other's data. Functions are invoked with real ASP.NET Core
/// requests and their results executed by ASP.NET Core's result executors.
/// </summary>
public sealed class TestApp : IAsyncDisposable
{
    public const string SigningKey = "integration-tests-signing-key-0123456789abcdef";

    private readonly ServiceProvider _services;

    private TestApp(ServiceProvider services, string prefix, string connectionString)
    {
        _services = services;
        TablePrefix = prefix;
        ConnectionString = connectionString;
    }

    public IServiceProvider Services => _services;
    public string TablePrefix { get; }
    public string ConnectionString { get; }

    /// <param name="azurite">The Azurite to use; by default the one this test process shares.</param>
    public static async Task<TestApp> StartAsync(
        Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? overrides = null, AzuriteProcess? azurite = null)
    {
        azurite ??= await SharedAzurite.GetAsync();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["ServiceDesk:Storage:TablePrefix"] = prefix,
            ["ServiceDesk:Auth:DevelopmentTokens"] = "true",
            ["ServiceDesk:Auth:DevelopmentSigningKey"] = SigningKey,
        };
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddMvcCore();
        overrides?.Invoke(services);
        services.AddServiceDesk(configuration);
        return new TestApp(services.BuildServiceProvider(), prefix, azurite.ConnectionString);
    }

    public T Get<T>() where T : notnull => ActivatorUtilities.GetServiceOrCreateInstance<T>(_services);

    public async Task SeedCustomerAsync(string id, bool organisationView = false, Language language = Language.Sv) =>
        await Get<ICustomerDirectory>().UpsertAsync(
            new Customer(id, id.ToUpperInvariant(), [id + ".se"], language, organisationView), CancellationToken.None);

    public async Task<string> TokenAsync(string userId, string customerId, params string[] roles) =>
        await TokenAsync(new { userId, name = "User " + userId, email = userId + "@" + customerId + ".se", customerId, roles });

    public async Task<string> TokenAsync(object claims)
    {
        var response = await SendAsync(r => Get<DevTokenApi>().Run(r), "POST", "/api/dev/token", claims);
        if (response.Status != 200)
        {
            throw new InvalidOperationException("Token request failed: " + response);
        }
        return response.Get("token");
    }

    /// <summary>Builds a request, calls the function with it, executes the result and captures the response.</summary>
    public async Task<ApiResponse> SendAsync(
        Func<HttpRequest, Task<IActionResult>> function, string method, string path, object? body = null,
        string? token = null, IDictionary<string, string>? headers = null, string contentType = "application/json")
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        var request = context.Request;
        request.Method = method;
        var query = path.IndexOf('?');
        request.Path = query < 0 ? path : path[..query];
        request.QueryString = query < 0 ? QueryString.Empty : new QueryString(path[query..]);
        if (body is not null)
        {
            var bytes = body switch
            {
                byte[] raw => raw,
                string text => Encoding.UTF8.GetBytes(text),
                _ => JsonSerializer.SerializeToUtf8Bytes(body, new JsonSerializerOptions(JsonSerializerDefaults.Web)),
            };
            request.Body = new MemoryStream(bytes);
            request.ContentLength = bytes.Length;
            request.ContentType = contentType;
        }
        if (token is not null)
        {
            request.Headers.Authorization = "Bearer " + token;
        }
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers[name] = value;
        }
        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;

        var result = await function(request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        return new ApiResponse(context.Response.StatusCode, context.Response.Headers, context.Response.ContentType,
            Encoding.UTF8.GetString(responseBody.ToArray()));
    }

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
