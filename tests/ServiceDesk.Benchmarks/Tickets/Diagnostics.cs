using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;
using Microsoft.Extensions.Logging;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Benchmarks.Tickets;

/// <summary>
/// Records which storage requests the Azure SDK sends (its "Azure-Core" event source), as short descriptions such as
/// <c>POST $batch</c> or <c>PUT Counters(entity)</c>. Used only in the sequential pass: formatting the events costs CPU.
/// </summary>
public sealed class RequestTrace : IDisposable
{
    private readonly string _tablePrefix;
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly AzureEventSourceListener _listener;

    public RequestTrace(string tablePrefix)
    {
        _tablePrefix = tablePrefix;
        _listener = new AzureEventSourceListener(OnEvent, EventLevel.Informational);
    }

    /// <summary>The requests seen since the last call, in order.</summary>
    public IReadOnlyList<string> Take()
    {
        var list = new List<string>();
        while (_requests.TryDequeue(out var r))
        {
            list.Add(r);
        }
        return list;
    }

    private void OnEvent(EventWrittenEventArgs e, string message)
    {
        if (e.EventSource.Name != "Azure-Core" || e.EventName != "Request" || e.PayloadNames is null || e.Payload is null)
        {
            return;
        }
        var method = Payload(e, "method");
        var uri = Payload(e, "uri");
        if (method is null || uri is null || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed))
        {
            return;
        }
        _requests.Enqueue(method + " " + Describe(parsed));
    }

    private static string? Payload(EventWrittenEventArgs e, string name)
    {
        var index = e.PayloadNames!.IndexOf(name);
        return index >= 0 ? e.Payload![index]?.ToString() : null;
    }

    /// <summary>"/devstoreaccount1/benchXTicketIndex(PartitionKey='a',RowKey='b')" → "TicketIndex(entity)".</summary>
    private string Describe(Uri uri)
    {
        var path = Uri.UnescapeDataString(uri.AbsolutePath);
        var last = path[(path.LastIndexOf('/') + 1)..];
        var paren = last.IndexOf('(');
        var table = paren < 0 ? last : last[..paren];
        if (table.StartsWith(_tablePrefix, StringComparison.Ordinal))
        {
            table = table[_tablePrefix.Length..];
        }
        var keys = paren < 0 ? "" : last[paren..] == "()" ? "()" : "(entity)";
        var query = uri.Query.Contains("%24filter", StringComparison.OrdinalIgnoreCase) || uri.Query.Contains("$filter", StringComparison.Ordinal)
            ? " query" : "";
        return table + keys + query;
    }

    public void Dispose() => _listener.Dispose();
}

/// <summary>
/// Diagnostic only (--time-allocator): wraps the app's number allocator to measure how long creates wait in
/// <see cref="ITicketNumberAllocator.NextAsync"/> (in-memory hand-out, or waiting for the next block).
/// </summary>
public sealed class TimedNumberAllocator(ITicketNumberAllocator inner) : ITicketNumberAllocator
{
    private readonly ConcurrentQueue<double> _waits = new();

    public async ValueTask<TicketNumber> NextAsync(TicketKind kind, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await inner.NextAsync(kind, cancellationToken);
        }
        finally
        {
            _waits.Enqueue(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
    }

    public double[] Drain()
    {
        var list = new List<double>();
        while (_waits.TryDequeue(out var w))
        {
            list.Add(w);
        }
        return list.ToArray();
    }
}
