using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace ServiceDesk.FaultTests.Infrastructure;

/// <summary>
/// Clients that open tickets (each with its own Idempotency-Key) and retitle them (PATCH with If-Match) over HTTP,
/// retrying a 503 or a failed connection until they get an answer, as a well-behaved API client does. Each client
/// owns its tickets, so what it was last told (or read after an ambiguous failure) is what the ticket must show.
/// </summary>
/// <param name="lossExpected">
/// Storage may lose acknowledged writes (Azurite killed): a ticket that is gone (404) or older than acknowledged
/// (412, then another title) is counted in <see cref="Lost"/> and the client goes on, instead of a violation.
/// </param>
public sealed class TicketLoad(HttpClient client, RequestLog log, string token, string customerId, string run, bool lossExpected = false)
{
    /// <summary>A ticket as its client was told it is: created with <see cref="Key"/>, then retitled.</summary>
    public sealed class Ticket(string key, string number, string title, string etag)
    {
        public string Key { get; } = key;
        public string Number { get; } = number;
        public string Title { get; set; } = title;
        public string ETag { get; set; } = etag;
        public int Updates { get; set; }
    }

    private readonly ConcurrentDictionary<string, Ticket> _tickets = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<string> _lost = new();

    /// <summary>With loss expected: what the clients found gone or older than acknowledged while the load ran.</summary>
    public IReadOnlyCollection<string> Lost => [.. _lost];

    public IReadOnlyCollection<Ticket> Tickets => [.. _tickets.Values];

    /// <summary>Answers the protocol does not allow (another number for a retried key, an unexpected status).</summary>
    public IReadOnlyCollection<string> Violations => [.. _violations];

    public int AcknowledgedCreates => _tickets.Count;
    public int AcknowledgedUpdates => _tickets.Values.Sum(t => t.Updates);

    public static string TitleFor(string key, int version) => version == 0 ? $"Fault {key}" : $"Fault {key} v{version}";

    /// <summary>Runs until <paramref name="stop"/>; the operation under way when it fires is finished (retried until <paramref name="giveUp"/>).</summary>
    public async Task RunClientAsync(int worker, CancellationToken stop, CancellationToken giveUp)
    {
        Ticket? previous = null;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var created = await CreateAsync($"{run}-{worker}-{i}", giveUp);
            if (created is null) return;
            if (previous is not null && !stop.IsCancellationRequested && !await UpdateAsync(previous, giveUp) && !lossExpected) return;
            previous = created;
        }
    }

    private async Task<Ticket?> CreateAsync(string key, CancellationToken giveUp)
    {
        string? number = null;
        while (!giveUp.IsCancellationRequested)
        {
            var (response, body) = await log.SendAsync(client, "create", () =>
            {
                var request = Request(HttpMethod.Post, "api/tickets");
                request.Headers.Add("Idempotency-Key", key);
                request.Content = JsonContent.Create(new
                {
                    kind = "Incident",
                    customerId,
                    requester = new { id = "u-load", name = "Lars Last", email = "lars@" + customerId + ".se" },
                    title = TitleFor(key, 0),
                    description = "key " + key,
                    impact = "Low",
                    urgency = "Low",
                });
                return request;
            });
            using (response)
            {
                if (response is { IsSuccessStatusCode: true })
                {
                    number = JsonDocument.Parse(body).RootElement.GetProperty("number").GetString()!;
                    var ticket = new Ticket(key, number, TitleFor(key, 0), response.Headers.ETag!.Tag);
                    if (!_tickets.TryAdd(key, ticket)) _violations.Enqueue($"create {key} acknowledged twice");
                    return ticket;
                }
                if (!await ShouldRetryAsync(response, body, "create " + key, giveUp)) return null;
            }
        }
        _violations.Enqueue($"create {key} got no acknowledgement before the test gave up");
        return null;
    }

    private async Task<bool> UpdateAsync(Ticket ticket, CancellationToken giveUp)
    {
        var title = TitleFor(ticket.Key, ticket.Updates + 1);
        while (!giveUp.IsCancellationRequested)
        {
            var (response, body) = await log.SendAsync(client, "update", () =>
            {
                var request = Request(HttpMethod.Patch, "api/tickets/" + ticket.Number);
                request.Headers.IfMatch.Add(new EntityTagHeaderValue(ticket.ETag));
                request.Content = JsonContent.Create(new { title });
                return request;
            });
            using (response)
            {
                if (response is { IsSuccessStatusCode: true })
                {
                    (ticket.Title, ticket.ETag) = (title, response.Headers.ETag!.Tag);
                    ticket.Updates++;
                    return true;
                }
                if (response?.StatusCode == System.Net.HttpStatusCode.PreconditionFailed)
                {
                    // Only this client edits the ticket: a 412 after a failed attempt means that attempt was applied
                    // (storage answered the write, then failed before the answer reached us). Read what it is now.
                    return await RereadAsync(ticket, title, giveUp);
                }
                if (!await ShouldRetryAsync(response, body, "update " + ticket.Number, giveUp)) return false;
            }
        }
        _violations.Enqueue($"update {ticket.Number} got no acknowledgement before the test gave up");
        return false;
    }

    private async Task<bool> RereadAsync(Ticket ticket, string attempted, CancellationToken giveUp)
    {
        while (!giveUp.IsCancellationRequested)
        {
            var (response, body) = await log.SendAsync(client, "read", () => Request(HttpMethod.Get, "api/tickets/" + ticket.Number));
            using (response)
            {
                if (response is { IsSuccessStatusCode: true })
                {
                    var title = JsonDocument.Parse(body).RootElement.GetProperty("title").GetString();
                    if (title != attempted && lossExpected)
                    {
                        _lost.Enqueue($"{ticket.Number}: '{title}', acknowledged '{ticket.Title}'");
                        (ticket.Title, ticket.ETag) = (title!, response.Headers.ETag!.Tag);
                        return true;
                    }
                    if (title != attempted)
                    {
                        _violations.Enqueue($"{ticket.Number}: 412 after a failed update, but the title is '{title}', not '{attempted}'");
                        return false;
                    }
                    (ticket.Title, ticket.ETag) = (attempted, response.Headers.ETag!.Tag);
                    ticket.Updates++;
                    return true;
                }
                if (!await ShouldRetryAsync(response, body, "read " + ticket.Number, giveUp)) return false;
            }
        }
        return false;
    }

    /// <summary>A 503 or no answer: wait briefly and retry. Anything else is a violation that stops the client.</summary>
    private async Task<bool> ShouldRetryAsync(HttpResponseMessage? response, string body, string what, CancellationToken giveUp)
    {
        if (response?.StatusCode == System.Net.HttpStatusCode.NotFound && lossExpected)
        {
            _lost.Enqueue(what + ": gone");
            return false;
        }
        if (response is not null && response.StatusCode != System.Net.HttpStatusCode.ServiceUnavailable)
        {
            _violations.Enqueue($"{what}: {(int)response.StatusCode} {body}");
            return false;
        }
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(250), giveUp);
        }
        catch (OperationCanceledException)
        {
        }
        return true;
    }

    private HttpRequestMessage Request(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }
}
