using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceDesk.LocalHost.Hosting;

namespace ServiceDesk.EndToEndTests.Infrastructure;

/// <summary>
/// Everything a local host emits, kept in memory for assertions: spans and metrics through the OpenTelemetry in-memory
/// exporters (added after the app's own telemetry registration, so the same sources and meters), and every log entry
/// with its message, state values, scopes and exception. <see cref="Attach"/> wires it into <see cref="LocalHostOptions"/>.
/// Reusable by any test that must prove what does or does not leave the app (PII scans, GDPR checks).
/// </summary>
public sealed class TelemetryCapture
{
    private readonly List<Activity> _spans = [];
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly ConcurrentQueue<CapturedLog> _logs = new();
    private IServiceProvider? _services;

    public IReadOnlyCollection<CapturedLog> Logs => _logs;

    /// <summary>Captures the host's spans, metrics and logs (at every level: the PII scan must see debug logs too).</summary>
    public void Attach(LocalHostOptions options)
    {
        options.MinimumLogLevel = LogLevel.Trace;
        var configureLogging = options.ConfigureLogging;
        options.ConfigureLogging = logging =>
        {
            configureLogging?.Invoke(logging);
            logging.AddProvider(new Provider(_logs));
            // The console stays at Warning for readable test output; the capture gets everything.
            logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning);
        };
        var configureServices = options.ConfigureServices;
        options.ConfigureServices = services =>
        {
            configureServices?.Invoke(services);
            services.AddOpenTelemetry()
                .WithTracing(t => t.AddInMemoryExporter(_spans))
                .WithMetrics(m => m.AddInMemoryExporter(_metrics));
            services.AddSingleton(new Bind(this));
        };
    }

    public void Started(LocalFunctionsHost host) => _services = host.Services;

    /// <summary>The spans ended so far (flushed first).</summary>
    public IReadOnlyList<Activity> Spans()
    {
        _services?.GetService<TracerProvider>()?.ForceFlush(10_000);
        lock (_spans)
        {
            return _spans.ToList();
        }
    }

    /// <summary>The metrics as of now (collected first): each export adds the current points of every instrument with data.</summary>
    public IReadOnlyList<MetricSnapshot> Metrics()
    {
        _services?.GetService<MeterProvider>()?.ForceFlush(10_000);
        lock (_metrics)
        {
            return _metrics.ToList();
        }
    }

    /// <summary>The points of the named metric exported so far, as (tags, value) pairs.</summary>
    public IReadOnlyList<(Dictionary<string, object?> Tags, double Value)> Points(string metricName)
    {
        var points = new List<(Dictionary<string, object?>, double)>();
        foreach (var metric in Metrics().Where(m => m.Name == metricName))
        {
            foreach (var point in metric.MetricPoints)
            {
                var tags = new Dictionary<string, object?>();
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = tag.Value;
                }
                var value = metric.MetricType switch
                {
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                    MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => point.GetSumDouble(),
                    MetricType.LongGauge => point.GetGaugeLastValueLong(),
                    MetricType.DoubleGauge => point.GetGaugeLastValueDouble(),
                    _ => double.NaN,
                };
                points.Add((tags, value));
            }
        }
        return points;
    }

    /// <summary>Every string a person could read in the captured telemetry, with where it came from.</summary>
    public IEnumerable<(string Where, string Text)> AllText()
    {
        foreach (var log in _logs)
        {
            yield return ($"log {log.Category} message", log.Message);
            foreach (var (key, value) in log.State)
            {
                yield return ($"log {log.Category} state {key}", value);
            }
            foreach (var scope in log.Scopes)
            {
                yield return ($"log {log.Category} scope", scope);
            }
            if (log.Exception is not null)
            {
                yield return ($"log {log.Category} exception", log.Exception);
            }
        }
        foreach (var span in Spans())
        {
            var where = $"span {span.Source.Name}/{span.DisplayName}";
            yield return (where + " name", span.DisplayName);
            yield return (where + " status", span.StatusDescription ?? "");
            foreach (var tag in span.TagObjects)
            {
                yield return ($"{where} attribute {tag.Key}", Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }
            foreach (var e in span.Events)
            {
                yield return ($"{where} event", e.Name);
                foreach (var tag in e.Tags)
                {
                    yield return ($"{where} event {e.Name} {tag.Key}", Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }
            foreach (var baggage in span.Baggage)
            {
                yield return ($"{where} baggage {baggage.Key}", baggage.Value ?? "");
            }
        }
        foreach (var metric in Metrics())
        {
            foreach (var point in metric.MetricPoints)
            {
                foreach (var tag in point.Tags)
                {
                    yield return ($"metric {metric.Name} tag {tag.Key}", Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
                }
            }
        }
    }

    /// <summary>Keeps the capture reachable from the host's services (diagnostics).</summary>
    public sealed record Bind(TelemetryCapture Capture);

    public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyList<(string Key, string Value)> State,
        IReadOnlyList<string> Scopes, string? Exception);

    private sealed class Provider(ConcurrentQueue<CapturedLog> logs) : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, logs, () => _scopes);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> logs, Func<IExternalScopeProvider> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => scopes().Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new List<(string, string)>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    values.Add((key, Text(value)));
                }
            }
            var scopeTexts = new List<string>();
            scopes().ForEachScope((scope, list) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> scopePairs)
                {
                    list.AddRange(scopePairs.Select(kv => $"{kv.Key}={Text(kv.Value)}"));
                }
                else if (scope is IEnumerable<KeyValuePair<string, object>> scopeObjects)
                {
                    list.AddRange(scopeObjects.Select(kv => $"{kv.Key}={Text(kv.Value)}"));
                }
                list.Add(Text(scope));
            }, scopeTexts);
            logs.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), values, scopeTexts, exception?.ToString()));
        }

        private static string Text(object? value) => value switch
        {
            null => "",
            string s => s,
            IEnumerable e => string.Join(",", e.Cast<object?>().Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))),
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
    }
}
