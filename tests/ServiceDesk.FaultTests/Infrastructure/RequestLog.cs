using System.Collections.Concurrent;
using System.Diagnostics;

namespace ServiceDesk.FaultTests.Infrastructure;

/// <summary>Every HTTP attempt a fault test's clients made: its answer (or hang or connection failure) and duration.</summary>
public sealed class RequestLog
{
    private readonly ConcurrentQueue<Attempt> _attempts = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <param name="Status">The HTTP status, or 0 when no answer came (connection failure or timeout).</param>
    /// <param name="Hung">No answer within <see cref="FaultSuite.RequestTimeout"/>.</param>
    /// <param name="Clean">For a 5xx: 503 with <c>application/problem+json</c> and a <c>Retry-After</c> header.</param>
    public sealed record Attempt(string Operation, int Status, TimeSpan StartedAt, TimeSpan Duration, bool Hung, bool Clean, string? Detail);

    public TimeSpan Now => _clock.Elapsed;

    public IReadOnlyList<Attempt> Attempts => [.. _attempts];

    /// <summary>Sends one attempt and records it; returns null when no answer came.</summary>
    public async Task<(HttpResponseMessage? Response, string Body)> SendAsync(HttpClient client, string operation, Func<HttpRequestMessage> build)
    {
        var started = _clock.Elapsed;
        try
        {
            using var request = build();
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var clean = status < 500 || (status == 503
                                         && response.Content.Headers.ContentType?.MediaType == "application/problem+json"
                                         && response.Headers.RetryAfter is not null);
            _attempts.Enqueue(new Attempt(operation, status, started, _clock.Elapsed - started, false, clean, clean ? null : Truncate(body)));
            return (response, body);
        }
        catch (TaskCanceledException)
        {
            _attempts.Enqueue(new Attempt(operation, 0, started, _clock.Elapsed - started, true, false, "no answer within the client timeout"));
            return (null, "");
        }
        catch (HttpRequestException e)
        {
            _attempts.Enqueue(new Attempt(operation, 0, started, _clock.Elapsed - started, false, false, e.Message));
            return (null, "");
        }
    }

    private static string Truncate(string body) => body.Length <= 400 ? body : body[..400];
}
