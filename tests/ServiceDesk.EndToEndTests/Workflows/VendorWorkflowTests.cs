using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using ServiceDesk.Application.Workflows;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.LocalHost.Emulators;

namespace ServiceDesk.EndToEndTests.Workflows;

/// <summary>Tickets handed to a vendor, on the real Durable engine: webhook dispatch and signed callbacks, mail dispatch and targets.</summary>
[Collection(WorkflowCollection.Name)]
public sealed class VendorWorkflowTests(WorkflowHostFixture f)
{
    private const string Secret = "vendor-secret-0123456789";

    [Fact]
    public async Task A_webhook_vendor_gets_the_signed_case_acknowledges_updates_and_resolves_and_the_agent_confirms()
    {
        using var receiver = new WebhookReceiver();
        await PutVendorAsync("acme-net", new { name = "Acme Networks", channel = "webhook", webhookUrl = receiver.Url, webhookSecret = Secret,
            escalationContact = "boss@acme-net.example", acknowledgeWithin = "00:05:00", resolveWithin = "00:10:00", ticketNumberPattern = @"AN-\d+" });
        var number = await AssignedTicketAsync("router");
        await HandOverAsync(number, "acme-net");

        var dispatched = await Eventually.ReturnsAsync(() => Task.FromResult(receiver.Received.ToList()), r => r.Count > 0, TimeSpan.FromSeconds(20), "webhook dispatch");
        var (body, timestamp, signature) = dispatched[0];
        Assert.True(VendorSignature.Verify(Secret, timestamp, signature, Encoding.UTF8.GetBytes(body), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1)));
        Assert.Equal(number, JsonDocument.Parse(body).RootElement.GetProperty("ticketNumber").GetString());
        Assert.Equal("pending", (await f.TicketAsync(number)).GetProperty("status").GetString());

        using (var forged = await CallbackAsync("acme-net", new { ticketNumber = number, eventId = "e0", type = "resolved" }, secret: "wrong-secret-0123456789"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }
        (await CallbackAsync("acme-net", new { ticketNumber = number, eventId = "e1", type = "acknowledged", vendorReference = "AN-4711" })).Dispose();
        (await CallbackAsync("acme-net", new { ticketNumber = number, eventId = "e1", type = "acknowledged", vendorReference = "AN-4711" })).Dispose();
        (await CallbackAsync("acme-net", new { ticketNumber = number, eventId = "e2", type = "update", message = "Replacing the router tomorrow." })).Dispose();
        (await CallbackAsync("acme-net", new { ticketNumber = number, eventId = "e3", type = "resolved", message = "Router replaced." })).Dispose();

        var workflow = await Eventually.ReturnsAsync(() => f.WorkflowAsync(number),
            w => w.TryGetProperty("vendor", out var v) && v.GetProperty("status").GetString() == "resolvedByVendor", TimeSpan.FromSeconds(20), "vendor resolution");
        var vendor = workflow.GetProperty("vendor");
        Assert.Equal("AN-4711", vendor.GetProperty("vendorReference").GetString());
        Assert.Equal(1, vendor.GetProperty("messages").EnumerateArray().Count(m => m.GetProperty("kind").GetString() == "acknowledged"));

        using (var publish = await f.Api.SendAsync(HttpMethod.Post, $"api/tickets/{number}/vendor/messages/2/publish", f.Agent))
        {
            Assert.True(publish.IsSuccessStatusCode, await publish.Content.ReadAsStringAsync());
        }
        using (var confirm = await f.Api.SendAsync(HttpMethod.Post, $"api/tickets/{number}/vendor/confirm", f.Agent))
        {
            Assert.Equal(HttpStatusCode.Accepted, confirm.StatusCode);
        }
        await Eventually.ReturnsAsync(() => f.TicketAsync(number), t => t.GetProperty("status").GetString() == "resolved", TimeSpan.FromSeconds(20), "ticket resolved");
        var log = await f.ActivityAsync(number);
        Assert.Contains(log, a => a.GetProperty("type").GetString() == "comment" && a.GetProperty("text").GetString() == "Acme Networks: Replacing the router tomorrow.");
        Assert.Contains(log, a => a.GetProperty("data").TryGetProperty("securityEvent", out _));
        Assert.Contains(log, a => a.GetProperty("type").GetString() == "internalNote" && a.GetProperty("text").GetString()!.Contains("acknowledged the case as AN-4711"));

        // The vendor's own contract clock, apart from the customer's service levels: both targets met, in its 24x7 calendar.
        var clock = (await f.TicketAsync(number)).GetProperty("vendor");
        Assert.Equal("acme-net", clock.GetProperty("vendorId").GetString());
        Assert.Equal(("Met", "Met"), (clock.GetProperty("acknowledge").GetString(), clock.GetProperty("resolve").GetString()));
        var handedOver = clock.GetProperty("handedOverAt").GetDateTimeOffset();
        Assert.Equal(handedOver.AddMinutes(5), clock.GetProperty("acknowledgeDueAt").GetDateTimeOffset(), TimeSpan.FromSeconds(5));
        Assert.Equal(handedOver.AddMinutes(10), clock.GetProperty("resolveDueAt").GetDateTimeOffset(), TimeSpan.FromSeconds(5));
        Assert.True(clock.GetProperty("acknowledgedAt").GetDateTimeOffset() <= clock.GetProperty("resolvedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_mail_vendor_that_misses_its_targets_is_reminded_and_escalated()
    {
        await PutVendorAsync("slow-co", new { name = "Slow Co", channel = "email", email = "support@slow.example",
            escalationContact = "manager@slow.example", acknowledgeWithin = "00:00:01", resolveWithin = "00:00:03" });
        var number = await AssignedTicketAsync("printer");
        await HandOverAsync(number, "slow-co");
        var mails = await Eventually.ReturnsAsync(() => f.MailsAsync(number),
            m => m.Count(x => x.Kind == "vendor-escalation") == 2, TimeSpan.FromSeconds(30), "both targets escalated");
        Assert.Contains(mails, m => m.Kind == "vendor-dispatch" && m.To == "support@slow.example" && m.Subject.Contains($"[#{number}]"));
        Assert.Contains(mails, m => m.Kind == "vendor-reminder" && m.Subject.StartsWith("Overdue acknowledgement"));
        Assert.Contains(mails, m => m.Kind == "vendor-escalation" && m.To == "manager@slow.example" && m.Subject.Contains("resolution"));
        // The escalation mail is sent before the note is written: wait for the notes.
        var notes = await Eventually.ReturnsAsync(async () => (await f.ActivityAsync(number)).Where(a => a.GetProperty("data").TryGetProperty("event", out var e) && e.GetString() == "targetMissed").ToList(),
            n => n.Count >= 2, TimeSpan.FromSeconds(20), "both targetMissed notes");
        Assert.Equal(2, notes.Count);
        // The vendor's contract clock on the ticket breaches both targets once their instants pass (the orchestration's
        // timers wait for the same instants; on Azurite a durable timer has been seen to fire up to a second early).
        var clock = (await Eventually.ReturnsAsync(() => f.TicketAsync(number),
            t => t.GetProperty("vendor").GetProperty("resolve").GetString() == "Breached", TimeSpan.FromSeconds(10), "vendor resolve target breached")).GetProperty("vendor");
        Assert.Equal("Breached", clock.GetProperty("acknowledge").GetString());
        Assert.Equal("Överskridet", clock.GetProperty("resolveLabel").GetProperty("sv").GetString());
    }

    private async Task PutVendorAsync(string id, object vendor)
    {
        using var response = await f.Api.SendAsync(HttpMethod.Put, $"api/customers/{WorkflowHostFixture.Customer}/vendors/{id}", f.Admin, vendor);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> AssignedTicketAsync(string item)
    {
        await f.PutItemAsync(item, new { name = item, approval = "none", fulfilmentGroup = "network" });
        var number = await f.OrderAsync(item);
        Assert.Equal("assigned", (await f.TicketAsync(number)).GetProperty("status").GetString());
        return number;
    }

    private async Task HandOverAsync(string number, string vendorId)
    {
        using var response = await f.Api.SendAsync(HttpMethod.Post, $"api/tickets/{number}/vendor", f.Agent, new { vendorId });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private async Task<HttpResponseMessage> CallbackAsync(string vendorId, object payload, string secret = Secret)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(payload);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/vendors/{vendorId}/callback") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add(VendorSignature.TimestampHeader, timestamp.ToString());
        request.Headers.Add(VendorSignature.SignatureHeader, VendorSignature.Sign(secret, timestamp, body));
        return await f.Client.SendAsync(request);
    }

    /// <summary>A vendor's webhook endpoint on loopback: records each POST with its signature headers and answers 200.</summary>
    private sealed class WebhookReceiver : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly CancellationTokenSource _stop = new();

        public WebhookReceiver()
        {
            Url = $"http://127.0.0.1:{FreePorts.Next()}/hook/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        public string Url { get; }
        public ConcurrentQueue<(string Body, string? Timestamp, string? Signature)> Received { get; } = new();

        private async Task LoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                using var reader = new StreamReader(context.Request.InputStream);
                Received.Enqueue((await reader.ReadToEndAsync(), context.Request.Headers[VendorSignature.TimestampHeader], context.Request.Headers[VendorSignature.SignatureHeader]));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Close();
        }
    }
}
