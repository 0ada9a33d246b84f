using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Events;
using ServiceDesk.Application.Intake;
using ServiceDesk.Functions.Events;
using ServiceDesk.Functions.Intake;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Intake;

/// <summary>
/// Messages through the real <c>incidents-inbound</c> queue on Azurite (base64, as the Functions host reads it), the
/// admin API for rejections and the outbox. The queue name is fixed, so these tests live in one class (run serially).
/// </summary>
public sealed class QueueIntakeTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private QueueClient _queue = null!;
    private QueueClient _poison = null!;
    private string _admin = null!;
    private string _agent = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        await _app.SeedCustomerAsync("contoso");
        _queue = QueuePump.Client(_app.ConnectionString, IntakeQueue.Name);
        _poison = QueuePump.Client(_app.ConnectionString, IntakeQueue.PoisonName);
        await _queue.CreateIfNotExistsAsync();
        await _poison.CreateIfNotExistsAsync();
        await _queue.ClearMessagesAsync();
        await _poison.ClearMessagesAsync();
        _admin = await _app.TokenAsync(new { userId = "admin-1", name = "Admin", customerId = "supplier", roles = new[] { "Admin" } });
        _agent = await _app.TokenAsync(new { userId = "a-1", name = "Agent", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static Func<string, string, long, Task> Function(TestApp app, ConcurrentBag<IntakeResult>? results = null) =>
        async (text, id, dequeueCount) =>
        {
            var intake = app.Get<IncidentIntake>();
            var result = await intake.HandleAsync(text, new IntakeDelivery(IncidentQueueFunction.Transport, id, dequeueCount), CancellationToken.None);
            results?.Add(result);
        };

    [Fact]
    public async Task A_burst_of_2000_messages_is_fully_accounted_for()
    {
        var messages = new List<string>();
        for (var p = 0; p < 50; p++)
        {
            for (var i = 0; i < 36; i++)
            {
                messages.Add(IntakeMessages.Firing("contoso", $"burst-{p}-{i}", $"Burst problem {p}"));
            }
        }
        messages.AddRange(messages.Take(100).ToList());                                  // 100 redeliveries
        messages.AddRange(Enumerable.Range(0, 50).Select(i => "{ not json " + i));       // 50 malformed
        messages.AddRange(Enumerable.Range(0, 50).Select(i => IntakeMessages.Firing("nobody", $"u-{i}"))); // 50 unknown customer
        Assert.Equal(2000, messages.Count);
        await Parallel.ForEachAsync(messages.OrderBy(_ => Random.Shared.Next()), new ParallelOptions { MaxDegreeOfParallelism = 32 },
            async (m, ct) => await _queue.SendMessageAsync(m, ct));

        var results = new ConcurrentBag<IntakeResult>();
        var pump = new QueuePump(_queue, _poison);
        await pump.DrainAsync(Function(_app, results), 2000, TimeSpan.FromSeconds(90));

        Assert.Equal((2000, 0, 0), (pump.Succeeded, pump.Poisoned, pump.Failures));
        var byOutcome = results.GroupBy(r => r.Outcome).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(50, byOutcome[IntakeOutcome.Created]);
        Assert.Equal(50 * 35, byOutcome[IntakeOutcome.Recurred]);
        Assert.Equal(100, byOutcome[IntakeOutcome.Duplicate]);
        Assert.Equal(100, byOutcome[IntakeOutcome.Rejected]);
        var rejections = await AllRejections();
        Assert.Equal(100, rejections.Count);
        Assert.Equal(50, rejections.Count(r => r.Reason == RejectionReasons.InvalidJson));
        Assert.Equal(50, rejections.Count(r => r.Reason == RejectionReasons.UnknownCustomer));
        var correlations = await _app.Get<IIntakeStore>().ListAsync("contoso", 100, null, CancellationToken.None);
        Assert.Equal(50, correlations.Items.Count);
        Assert.All(correlations.Items, c => Assert.Equal(36, c.Occurrences));
        Assert.Equal(0, (await _queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Equal(0, (await _poison.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task Transient_failures_are_retried_by_the_queue_and_end_in_the_poison_queue_not_as_rejections()
    {
        await using var broken = await TestApp.StartAsync(overrides: s => s.AddSingleton<IIntakeStore>(new UnavailableIntakeStore()));
        await broken.SeedCustomerAsync("contoso");
        for (var i = 0; i < 3; i++)
        {
            await _queue.SendMessageAsync(IntakeMessages.Firing("contoso", $"down-{i}"));
        }

        var pump = new QueuePump(_queue, _poison, maxDequeueCount: 3);
        await pump.DrainAsync(Function(broken), 3, TimeSpan.FromSeconds(30));

        Assert.Equal((0, 3, 9), (pump.Succeeded, pump.Poisoned, pump.Failures));
        var poisoned = (await _poison.ReceiveMessagesAsync(10)).Value;
        Assert.Equal(3, poisoned.Length);
        Assert.All(poisoned, m => Assert.Contains("down-", m.MessageText));
        Assert.Empty((await broken.Get<IRejectedMessageStore>().ListAsync(10, null, CancellationToken.None)).Items);
    }

    [Fact]
    public async Task Admins_list_and_complete_rejections_through_the_api()
    {
        var intake = _app.Get<IncidentIntake>();
        await intake.HandleAsync("{\"schemaVersion\":\"1.0\",\"source\":\"x\"}", new IntakeDelivery("test", "rej-1", 1), CancellationToken.None);
        await intake.HandleAsync(new string('x', 70_000), new IntakeDelivery("test", "rej-2", 1), CancellationToken.None);

        var api = _app.Get<IntakeApi>();
        var forbidden = await _app.SendAsync(r => api.ListRejections(r), "GET", "/api/intake/rejections", token: _agent);
        var list = await _app.SendAsync(r => api.ListRejections(r), "GET", "/api/intake/rejections", token: _admin);

        Assert.Equal(403, forbidden.Status);
        Assert.Equal(200, list.Status);
        var items = list.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(items, i => i.GetProperty("id").GetString() == "rej-1" && i.GetProperty("reason").GetString() == RejectionReasons.SchemaViolation);
        Assert.Contains(items, i => i.GetProperty("id").GetString() == "rej-2" && i.GetProperty("reason").GetString() == RejectionReasons.TooLarge
            && i.GetProperty("bodyTruncated").GetBoolean());

        var completed = await _app.SendAsync(r => api.CompleteRejection(r, "rej-1"), "DELETE", "/api/intake/rejections/rej-1", token: _admin);
        var again = await _app.SendAsync(r => api.CompleteRejection(r, "rej-1"), "DELETE", "/api/intake/rejections/rej-1", token: _admin);
        Assert.Equal((204, 404), (completed.Status, again.Status));
    }

    [Fact]
    public async Task The_readme_walkthrough_enqueues_the_example_creates_once_and_leaves_the_event_in_the_outbox()
    {
        var example = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..",
            "functions", "ServiceDesk.Functions", "Intake", "examples", "firing.json"));
        var api = _app.Get<IntakeApi>();

        for (var i = 0; i < 2; i++)
        {
            var sent = await _app.SendAsync(r => api.EnqueueTestMessage(r), "POST", "/api/intake/test-message", example, _admin);
            Assert.Equal(202, sent.Status);
        }
        var results = new ConcurrentBag<IntakeResult>();
        await new QueuePump(_queue, _poison).DrainAsync(Function(_app, results), 2, TimeSpan.FromSeconds(30));

        Assert.Equal([IntakeOutcome.Created, IntakeOutcome.Duplicate], results.Select(r => r.Outcome).Order());
        var number = results.Single(r => r.Outcome == IntakeOutcome.Created).TicketNumber!;
        var pending = await _app.SendAsync(r => _app.Get<OutboxApi>().ListPending(r), "GET", "/api/events/pending?customerId=contoso", token: _admin);
        Assert.Equal(200, pending.Status);
        var events = pending.Json.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(events, e => e.GetProperty("id").GetString() == number + ":1" && e.GetProperty("type").GetString() == TicketEventTypes.Created);

        var correlations = await _app.SendAsync(r => api.ListCorrelations(r), "GET", "/api/intake/correlations?customerId=contoso", token: _agent);
        Assert.Contains(correlations.Json.GetProperty("items").EnumerateArray(), c => c.GetProperty("ticketNumber").GetString() == number);
    }

    private async Task<List<RejectedMessage>> AllRejections()
    {
        var all = new List<RejectedMessage>();
        string? token = null;
        do
        {
            var page = await _app.Get<IRejectedMessageStore>().ListAsync(100, token, CancellationToken.None);
            all.AddRange(page.Items);
            token = page.ContinuationToken;
        } while (token is not null);
        return all;
    }
}
