using Azure;
using Microsoft.Extensions.DependencyInjection;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Intake;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Functions.Intake;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Intake;

/// <summary>The intake use case through the queue function, against Azurite: idempotency, correlation, recovery, storms.</summary>
public sealed class IntakeTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private int _messageIds;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync();
        await _app.SeedCustomerAsync("contoso");
        await _app.Get<ServiceDesk.Application.Customers.ICustomerDirectory>().UpsertAsync(
            new Customer("autoresolve", "Auto", ["auto.se"], Language.En, false, ResolveOnAlertRecovery: true), CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<IntakeResult> Send(string message)
    {
        var intake = _app.Get<IncidentIntake>();
        return await intake.HandleAsync(message, new IntakeDelivery(IncidentQueueFunction.Transport, "m-" + Interlocked.Increment(ref _messageIds), 1), CancellationToken.None);
    }

    private async Task<TicketState> Ticket(string number) => (await _app.Get<ITicketStore>().FindAsync(number, CancellationToken.None))!.State;

    private async Task<IReadOnlyList<Activity>> Activities(string number) =>
        (await _app.Get<ITicketStore>().ListActivityAsync(number, true, 100, null, CancellationToken.None)).Items;

    private async Task<IReadOnlyList<TicketSummary>> Tickets(string customerId) =>
        (await _app.Get<ITicketStore>().ListAsync(customerId, new TicketFilter(), 100, null, CancellationToken.None)).Items;

    [Fact]
    public async Task A_message_opens_an_incident_and_its_redelivery_changes_nothing()
    {
        var message = IntakeMessages.Firing("contoso", "evt-1", "Printer queue stuck", correlationKey: "printer-1");

        var first = await Send(message);
        var again = await Send(message);

        Assert.Equal(IntakeOutcome.Created, first.Outcome);
        Assert.Equal(IntakeOutcome.Duplicate, again.Outcome);
        Assert.Equal(first.TicketNumber, again.TicketNumber);
        var ticket = await Ticket(first.TicketNumber!);
        Assert.Equal((TicketKind.Incident, Channel.Queue, "zabbix-prod"), (ticket.Kind, ticket.Channel, ticket.Requester.Id));
        Assert.Equal(Priority.High, PriorityMatrix.For(ticket.Impact, ticket.Urgency));
        Assert.Single(await Activities(first.TicketNumber!));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_message_yield_one_ticket_and_duplicates()
    {
        var message = IntakeMessages.Firing("contoso", "evt-concurrent", "Mail relay down", correlationKey: "relay");

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => Send(message))));

        Assert.Equal(1, results.Count(r => r.Outcome == IntakeOutcome.Created));
        Assert.Equal(15, results.Count(r => r.Outcome == IntakeOutcome.Duplicate));
        Assert.Single(results.Select(r => r.TicketNumber).Distinct());
    }

    [Fact]
    public async Task A_storm_of_1000_identical_alerts_yields_one_ticket_with_the_count()
    {
        var outcomes = new System.Collections.Concurrent.ConcurrentBag<IntakeResult>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, _) => outcomes.Add(await Send(IntakeMessages.Firing("contoso", $"storm-{i}", "CPU at 100 % on web01"))));

        Assert.Equal(1, outcomes.Count(o => o.Outcome == IntakeOutcome.Created));
        Assert.Equal(999, outcomes.Count(o => o.Outcome == IntakeOutcome.Recurred));
        var number = Assert.Single(outcomes.Select(o => o.TicketNumber).Distinct())!;
        Assert.Single(await Tickets("contoso"), t => t.Title == "CPU at 100 % on web01");
        var correlation = Assert.Single((await _app.Get<IIntakeStore>().ListAsync("contoso", 100, null, CancellationToken.None)).Items,
            c => c.TicketNumber == number);
        Assert.Equal(1000, correlation.Occurrences);
        // Recurrences are counted on every message but noted on the ticket at most once per RecurrenceNoteSeconds.
        var notes = (await Activities(number)).Where(a => a.Type == ActivityType.AlertRecurred).ToList();
        Assert.InRange(notes.Count, 1, 3);
    }

    [Fact]
    public async Task Resolved_notes_the_recovery_and_a_new_firing_after_resolution_opens_a_new_ticket()
    {
        var fired = await Send(IntakeMessages.Firing("contoso", "f-1", "VPN gateway unreachable"));
        var again = await Send(IntakeMessages.Firing("contoso", "f-2", "vpn gateway  unreachable"));
        var recovered = await Send(IntakeMessages.Resolved("contoso", "r-1", "VPN gateway unreachable"));
        var recoveredAgain = await Send(IntakeMessages.Resolved("contoso", "r-1", "VPN gateway unreachable"));

        Assert.Equal((IntakeOutcome.Created, IntakeOutcome.Recurred, IntakeOutcome.Recovered, IntakeOutcome.Duplicate),
            (fired.Outcome, again.Outcome, recovered.Outcome, recoveredAgain.Outcome));
        var ticket = await Ticket(fired.TicketNumber!);
        Assert.Equal(TicketStatus.New, ticket.Status); // this customer only notes recoveries
        var log = await Activities(fired.TicketNumber!);
        Assert.Equal([ActivityType.Created, ActivityType.AlertRecurred, ActivityType.AlertRecovered], log.Select(a => a.Type));
        Assert.Equal("2", log[2].Data["occurrences"]);

        // The agent resolves it; the alert fires again: a new problem episode and a new ticket.
        var t = ServiceDesk.Domain.Tickets.Ticket.Restore(ticket);
        t.Resolve(ResolutionCode.Solved, "Rebooted", new Actor("a-1", "Agent"), DateTimeOffset.UtcNow);
        var stored = (await _app.Get<ITicketStore>().FindAsync(ticket.Number, CancellationToken.None))!;
        await _app.Get<ITicketStore>().SaveAsync(stored, t, CancellationToken.None);
        var refired = await Send(IntakeMessages.Firing("contoso", "f-3", "VPN gateway unreachable"));

        Assert.Equal(IntakeOutcome.Created, refired.Outcome);
        Assert.NotEqual(fired.TicketNumber, refired.TicketNumber);
    }

    [Fact]
    public async Task Recovery_resolves_the_ticket_when_the_customer_says_so_and_recovery_without_a_ticket_is_recorded()
    {
        var fired = await Send(IntakeMessages.Firing("autoresolve", "a-1", "Backup job failed", correlationKey: "backup"));
        var recovered = await Send(IntakeMessages.Resolved("autoresolve", "a-2", "Backup job failed", correlationKey: "backup"));
        var late = await Send(IntakeMessages.Resolved("autoresolve", "a-3", "Backup job failed", correlationKey: "backup"));
        var unknown = await Send(IntakeMessages.Resolved("autoresolve", "a-4", "Never fired", correlationKey: "nothing"));

        Assert.Equal(IntakeOutcome.Resolved, recovered.Outcome);
        Assert.Equal(IntakeOutcome.RecoveryWithoutOpenTicket, late.Outcome);
        Assert.Equal(IntakeOutcome.RecoveryWithoutOpenTicket, unknown.Outcome);
        var ticket = await Ticket(fired.TicketNumber!);
        Assert.Equal(TicketStatus.Resolved, ticket.Status);
        Assert.Equal(ResolutionCode.Solved, ticket.ResolutionCode);
    }

    [Fact]
    public async Task Interleaved_firing_and_resolved_messages_of_several_problems_keep_them_apart()
    {
        var messages = Enumerable.Range(0, 5).SelectMany(p => Enumerable.Range(0, 20).Select(i =>
            i % 5 == 4 ? IntakeMessages.Resolved("contoso", $"p{p}-{i}", $"Problem {p}") : IntakeMessages.Firing("contoso", $"p{p}-{i}", $"Problem {p}")))
            .OrderBy(_ => Random.Shared.Next()).ToList();

        var results = new System.Collections.Concurrent.ConcurrentBag<IntakeResult>();
        await Parallel.ForEachAsync(messages, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (m, _) => results.Add(await Send(m)));

        Assert.Equal(100, results.Count);
        Assert.DoesNotContain(results, r => r.Outcome is IntakeOutcome.Rejected or IntakeOutcome.Duplicate);
        var tickets = (await Tickets("contoso")).Where(t => t.Title.StartsWith("Problem ", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, tickets.Select(t => t.Title).Distinct().Count());
        Assert.Equal(results.Count(r => r.Outcome == IntakeOutcome.Created), tickets.Count);
        Assert.All(tickets, t => Assert.Equal(TicketStatus.New, t.Status));
    }

    [Fact]
    public async Task An_azure_monitor_alert_opens_a_ticket_and_its_resolution_is_noted()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "functions", "ServiceDesk.Functions", "Intake", "examples");
        var fired = await Send(await File.ReadAllTextAsync(Path.Combine(folder, "azure-monitor-fired.json")));
        var resolved = await Send(await File.ReadAllTextAsync(Path.Combine(folder, "azure-monitor-resolved.json")));

        Assert.Equal((IntakeOutcome.Created, IntakeOutcome.Recovered), (fired.Outcome, resolved.Outcome));
        Assert.Equal(fired.TicketNumber, resolved.TicketNumber);
        Assert.Equal("High CPU on web tier on web01", (await Ticket(fired.TicketNumber!)).Title);
    }

    [Fact]
    public async Task Transient_storage_failures_throw_so_the_host_retries_and_nothing_is_recorded_as_rejected()
    {
        await using var broken = await TestApp.StartAsync(overrides: s =>
            s.AddSingleton<IIntakeStore>(new UnavailableIntakeStore()));
        await broken.SeedCustomerAsync("contoso");
        var intake = broken.Get<IncidentIntake>();

        await Assert.ThrowsAsync<RequestFailedException>(() =>
            intake.HandleAsync(IntakeMessages.Firing("contoso", "t-1"), new IntakeDelivery("test", "x1", 1), CancellationToken.None));
        Assert.Empty((await broken.Get<IRejectedMessageStore>().ListAsync(10, null, CancellationToken.None)).Items);
    }
}
