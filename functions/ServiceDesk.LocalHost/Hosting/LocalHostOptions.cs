using System.Reflection;
using Microsoft.Extensions.Logging;
using ServiceDesk.Functions;

namespace ServiceDesk.LocalHost.Hosting;

/// <summary>What to run and how: used by the Run command (Program.cs) and by the end-to-end tests.</summary>
public sealed class LocalHostOptions
{
    /// <summary>Loopback HTTP port (Core Tools' default 7071).</summary>
    public int HttpPort { get; set; } = 7071;

    /// <summary>App settings, as in local.settings.json <c>Values</c> (keys with ':' or '__').</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Whether environment variables override <see cref="Settings"/> (true for the Run command).</summary>
    public bool UseEnvironmentVariables { get; set; } = true;

    /// <summary>Assemblies scanned for [Function] methods. More can be named in the setting <c>LocalHost:FunctionAssemblies</c>.</summary>
    public IList<Assembly> FunctionAssemblies { get; } = new List<Assembly> { typeof(ServiceDeskRegistration).Assembly };

    /// <summary>host.json path; default: the one next to ServiceDesk.Functions.dll.</summary>
    public string? HostJsonPath { get; set; }

    /// <summary>Minimum level of the console log.</summary>
    public LogLevel MinimumLogLevel { get; set; } = LogLevel.Information;

    /// <summary>Extra services after the app's composition (tests add their telemetry exporters).</summary>
    public Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Extra logging configuration (tests route logs to their output).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
