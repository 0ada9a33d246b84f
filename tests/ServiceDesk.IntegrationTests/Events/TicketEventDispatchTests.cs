using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ServiceDesk.Application.Events;
using ServiceDesk.Infrastructure.Events;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Events;

/// <summary>The outbox: committed ticket activities reach every event handler once, in order, surviving handler failures.</summary>
public sealed class TicketEventDispatchTests : IAsyncLifetime
{
    private sealed class RecordingHandler(string name) : ITicketEventHandler
    {
        public readonly ConcurrentQueue<TicketEvent> Seen = new();
        public int FailuresLeft;

        public string Name => name;

        public Task HandleAsync(TicketEvent ticketEvent, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref FailuresLeft) >= 0)
            {
                throw new InvalidOperationException("Injected handler failure.");
            }
            Seen.Enqueue(ticketEvent);
            return Task.CompletedTask;
        }
    }

    private readonly RecordingHandler _bus = new("bus");
    private readonly RecordingHandler _mail = new("mail");
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestApp _app = null!;
    private Api _api = null!;
    private string _user = null!;
    private string _agent = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(overrides: s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddSingleton<ITicketEventHandler>(_bus);
            s.AddSingleton<ITicketEventHandler>(_mail);
        });
        _api = new Api(_app);
        await _app.SeedCustomerAsync("contoso");
        _user = await _app.TokenAsync("u-1", "contoso", "EndUser");
        _agent = await _app.TokenAsync(new { userId = "a-1", name = "A", customerId = "supplier", roles = new[] { "Agent" }, servedCustomers = new[] { "contoso" } });
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<TicketEventDispatcher.Result> Dispatch() => _app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);

    private static List<string> Types(RecordingHandler h, string number) =>
        h.Seen.Where(e => e.Number == number).Select(e => e.Type).ToList();

    [Fact]
    public async Task Announced_activities_are_delivered_once_and_in_order_to_every_handler()
    {
        var number = (await _api.Create(_user, Api.Incident())).Get("number");
        await _api.Step(_agent, number, "assign", new { group = "L1" });
        await _api.Comment(_agent, number, "Intern anteckning", "internal");
        await _api.Comment(_agent, number, "Vi är på det");
        await _api.Step(_agent, number, "resolve", new { resolutionCode = "Solved", resolutionNotes = "Klart" });

        await Dispatch();
        await Dispatch();

        string[] expected =
        [
            TicketEventTypes.Created, TicketEventTypes.Assigned, TicketEventTypes.StatusChanged,
            TicketEventTypes.Commented, TicketEventTypes.Resolved,
        ];
        Assert.Equal(expected, Types(_bus, number));
        Assert.Equal(expected, Types(_mail, number));
        var ids = _bus.Seen.Where(e => e.Number == number).Select(e => e.Id).ToList();
        Assert.Equal(ids.Distinct(), ids);
        Assert.Equal("Vi är på det", _bus.Seen.Single(e => e.Number == number && e.Type == TicketEventTypes.Commented).Text);
        Assert.Equal("resolved", _bus.Seen.Last(e => e.Number == number).Ticket.Status.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task A_failing_handler_is_retried_after_backoff_without_holding_up_the_others()
    {
        var number = (await _api.Create(_user, Api.Incident("Backoff"))).Get("number");
        _mail.FailuresLeft = 1;

        var first = await Dispatch();
        Assert.True(first.Failed >= 1);
        Assert.Equal([TicketEventTypes.Created], Types(_bus, number));
        Assert.Empty(Types(_mail, number));

        await Dispatch();
        Assert.Empty(Types(_mail, number)); // still backing off

        _time.Advance(TimeSpan.FromSeconds(5));
        await Dispatch();
        Assert.Equal([TicketEventTypes.Created], Types(_mail, number));
        Assert.Equal([TicketEventTypes.Created], Types(_bus, number));
    }

    [Fact]
    public async Task Later_changes_are_picked_up_after_a_ticket_was_fully_dispatched()
    {
        var number = (await _api.Create(_user, Api.Incident("Senare"))).Get("number");
        await Dispatch();
        await _api.Comment(_user, number, "Uppdatering från användaren");
        await Dispatch();

        Assert.Equal([TicketEventTypes.Created, TicketEventTypes.Commented], Types(_bus, number));
        var result = await Dispatch();
        Assert.Equal(0, result.Delivered);
    }
}
