using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ServiceDesk.Benchmarks.Harness;

/// <summary>Counts warnings and errors the app logs (e.g. index writes left to repair) and keeps the first few.</summary>
public sealed class WarningCounter : ILoggerProvider
{
    private int _count;
    private readonly ConcurrentQueue<string> _first = new();

    public int Count => Volatile.Read(ref _count);
    public IEnumerable<string> First => _first;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(WarningCounter owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            if (Interlocked.Increment(ref owner._count) <= 5)
            {
                owner._first.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception?.GetType().Name} {exception?.Message}".Trim());
            }
        }
    }
}
