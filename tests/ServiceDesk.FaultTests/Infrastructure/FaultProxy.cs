using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.FaultTests.Infrastructure;

/// <summary>
/// An HTTP proxy in front of one Azurite endpoint that passes requests through, or answers each with a chosen storage
/// error (503 ServerBusy, as Table Storage throttles; 500 InternalError) while <see cref="FailWith"/> is set.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly HttpClient Forwarder = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly WebApplication _app;
    private int _faulted;

    private FaultProxy(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Null: pass through. Otherwise every request is answered with this status.</summary>
    public int? FailWith { get; set; }

    public int Faulted => Volatile.Read(ref _faulted);

    public static async Task<FaultProxy> StartAsync(int targetPort)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new FaultProxy(app, port);
        app.Run(context => proxy.HandleAsync(context, targetPort));
        await app.StartAsync();
        return proxy;
    }

    private async Task HandleAsync(HttpContext context, int targetPort)
    {
        if (FailWith is { } status)
        {
            Interlocked.Increment(ref _faulted);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json;odata=minimalmetadata";
            var code = status == 503 ? "ServerBusy" : "InternalError";
            await context.Response.WriteAsync($"{{\"odata.error\":{{\"code\":\"{code}\",\"message\":{{\"lang\":\"en-US\",\"value\":\"Injected by the fault proxy.\"}}}}}}");
            return;
        }
        var target = new UriBuilder("http", "127.0.0.1", targetPort) { Path = context.Request.Path.Value, Query = context.Request.QueryString.Value }.Uri;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
        }
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values!);
            }
        }
        using var response = await Forwarder.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            context.Response.Headers[name] = values.ToArray();
        }
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
