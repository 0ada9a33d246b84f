using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;
using ServiceDesk.Functions;
using ServiceDesk.LocalHost.Configuration;
using ServiceDesk.LocalHost.Discovery;
using ServiceDesk.LocalHost.Durable;
using ServiceDesk.LocalHost.Http;
using ServiceDesk.LocalHost.Invocation;
using ServiceDesk.LocalHost.Queues;
using ServiceDesk.LocalHost.Timers;

namespace ServiceDesk.LocalHost.Hosting;

/// <summary>
/// Runs the function classes in-process: HTTP functions on Kestrel, timers, storage queue listeners and the
/// Durable Task worker and client over the gRPC sidecar, composed with the same
/// <see cref="ServiceDeskRegistration.AddServiceDesk"/> call as the Functions app's Program.cs.
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DurableEngine? _durable;
    private bool _stopped;

    private LocalFunctionsHost(WebApplication app, DurableEngine? durable, IReadOnlyList<FunctionDescriptor> functions, HostSettings settings, int port)
    {
        _app = app;
        _durable = durable;
        Functions = functions;
        HostSettings = settings;
        BaseAddress = new Uri($"http://localhost:{port}/");
    }

    public Uri BaseAddress { get; }
    public IReadOnlyList<FunctionDescriptor> Functions { get; }
    public HostSettings HostSettings { get; }
    public IServiceProvider Services => _app.Services;

    /// <summary>Discovers the functions of <paramref name="options"/>' assemblies without starting anything.</summary>
    public static IReadOnlyList<FunctionDescriptor> Discover(LocalHostOptions options, IConfiguration? configuration = null)
    {
        var assemblies = options.FunctionAssemblies.ToList();
        var extra = configuration?["LocalHost:FunctionAssemblies"];
        if (!string.IsNullOrWhiteSpace(extra))
        {
            foreach (var item in extra.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                assemblies.Add(File.Exists(item) ? Assembly.LoadFrom(item) : Assembly.Load(item));
            }
        }
        return FunctionCatalog.Discover(assemblies);
    }

    public static async Task<LocalFunctionsHost> StartAsync(LocalHostOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Development",
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(options.Settings.Select(kv =>
            new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)));
        if (options.UseEnvironmentVariables)
        {
            builder.Configuration.AddEnvironmentVariables();
        }

        ConfigureLogging(builder.Logging, options);
        var functions = Discover(options, builder.Configuration);
        var hostJson = options.HostJsonPath ?? Path.Combine(Path.GetDirectoryName(typeof(ServiceDeskRegistration).Assembly.Location)!, "host.json");
        var settings = HostSettings.Load(hostJson, builder.Configuration);

        builder.WebHost.UseKestrel(kestrel => kestrel.ListenLocalhost(options.HttpPort));
        builder.Services.AddMvcCore();
        builder.Services.AddProblemDetails();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(functions);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<FunctionInvoker>();
        builder.Services.AddHostedService<TimerFunctionService>();
        builder.Services.AddHostedService<QueueFunctionService>();

        DurableEngine? durable = null;
        IServiceProvider? appServices = null;
        if (functions.Any(UsesDurable))
        {
            var connection = StorageConnections.Resolve(null, builder.Configuration);
            durable = DurableEngine.Start(connection, settings, functions,
                () => appServices ?? throw new InvalidOperationException("The host is not built yet."),
                logging => ConfigureLogging(logging, options));
            durable.AddClient(builder.Services);
        }

        // Same composition as Azure: Program.cs calls this after the Functions framework registrations.
        builder.Services.AddServiceDesk(builder.Configuration);
        // Kestrel's request Activity exists anyway (for log correlation); from its source it is sampled, so the
        // invocation and use-case spans under it are recorded (under an unsampled parent they would be dropped).
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource("Microsoft.AspNetCore"));
        options.ConfigureServices?.Invoke(builder.Services);

        var app = builder.Build();
        appServices = app.Services;
        HttpFunctionEndpoints.Map(app, functions, settings.RoutePrefix);
        HttpFunctionEndpoints.MapPortalRedirect(app, functions, settings.RoutePrefix);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            if (durable is not null) await durable.DisposeAsync();
            throw;
        }
        return new LocalFunctionsHost(app, durable, functions, settings, options.HttpPort);
    }

    private static bool UsesDurable(FunctionDescriptor function) =>
        function.Trigger is OrchestrationTriggerBinding or ActivityTriggerBinding
        || function.OtherBindings.Any(b => b.Type == "durableClient");

    private static void ConfigureLogging(ILoggingBuilder logging, LocalHostOptions options)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(options.MinimumLogLevel);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        // The engines are chatty at Information; their warnings and errors still show.
        foreach (var category in new[] { "Microsoft.AspNetCore", "Microsoft.Hosting", "DurableTask", "Microsoft.DurableTask", "Azure", "Grpc" })
        {
            logging.AddFilter(category, LogLevel.Warning);
        }
        options.ConfigureLogging?.Invoke(logging);
    }

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        // HTTP, timers and queues stop first; the Durable engine drains while the app's services (which its
        // activities use) are still there, and they are disposed last.
        await _app.StopAsync();
        if (_durable is not null)
        {
            await _durable.DisposeAsync();
        }
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
