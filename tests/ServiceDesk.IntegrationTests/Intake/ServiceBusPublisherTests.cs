using System.Collections.Concurrent;
using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ServiceDesk.Application.Events;
using ServiceDesk.Application.Intake;
using ServiceDesk.Infrastructure.Events;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Intake;

/// <summary>
/// Ticket events leave through the outbox to Service Bus. The SDK's own <see cref="ServiceBusSender"/> type is used
/// (a subclass overriding its virtual send, as the SDK's mocking guidance intends) since no Service Bus runs here.
/// </summary>
public sealed class ServiceBusPublisherTests : IAsyncLifetime
{
    /// <summary>The real sender type with its network send replaced: records what would go on the topic.</summary>
    private sealed class RecordingSender : ServiceBusSender
    {
        public readonly ConcurrentQueue<ServiceBusMessage> Sent = new();
        public volatile bool Down;

        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                throw new ServiceBusException("Injected: namespace unreachable.", ServiceBusFailureReason.ServiceCommunicationProblem);
            }
            Sent.Enqueue(message);
            return Task.CompletedTask;
        }
    }

    private readonly RecordingSender _sender = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(overrides: s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddSingleton<ITicketEventHandler>(new ServiceBusTicketEventPublisher(_sender));
        });
        await _app.SeedCustomerAsync("contoso");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> RaiseIncident(string sourceId) =>
        (await _app.Get<IncidentIntake>().HandleAsync(IntakeMessages.Firing("contoso", sourceId, "Published " + sourceId),
            new IntakeDelivery("test", sourceId, 1), CancellationToken.None)).TicketNumber!;

    private Task<IReadOnlyList<PendingTicketEvent>> Pending() =>
        _app.Get<IOutboxReader>().ListPendingAsync(ServiceBusTicketEventPublisher.HandlerName, "contoso", 100, CancellationToken.None);

    [Fact]
    public async Task Committed_events_are_sent_as_cloudevents_with_the_event_id_as_message_id()
    {
        var number = await RaiseIncident("sb-1");
        Assert.Contains(await Pending(), e => e.Id == number + ":1");

        await _app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);

        var message = Assert.Single(_sender.Sent, m => m.MessageId == number + ":1");
        Assert.Equal(TicketCloudEvent.ContentType, message.ContentType);
        Assert.Equal(TicketEventTypes.Created, message.Subject);
        Assert.Equal("contoso", message.ApplicationProperties["customerId"]);
        // What a subscriber receives, built with the SDK's model factory from what was sent.
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            body: message.Body, messageId: message.MessageId, contentType: message.ContentType, subject: message.Subject,
            properties: message.ApplicationProperties);
        using var cloudEvent = JsonDocument.Parse(received.Body.ToMemory());
        Assert.Equal(received.MessageId, cloudEvent.RootElement.GetProperty("id").GetString());
        Assert.Equal(number, cloudEvent.RootElement.GetProperty("subject").GetString());
        Assert.Empty(await Pending());
    }

    [Fact]
    public async Task While_service_bus_is_down_events_wait_in_the_outbox_and_go_out_in_order_afterwards()
    {
        _sender.Down = true;
        var number = await RaiseIncident("sb-2");
        var result = await _app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);

        Assert.True(result.Failed >= 1);
        Assert.Contains(await Pending(), e => e.Id == number + ":1");

        _sender.Down = false;
        _time.Advance(TimeSpan.FromMinutes(1));
        await _app.Get<TicketEventDispatcher>().RunAsync(CancellationToken.None);

        Assert.Single(_sender.Sent, m => m.MessageId == number + ":1");
        Assert.Empty(await Pending());
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("ServiceBus", true)]
    [InlineData("ServiceBus:fullyQualifiedNamespace", true)]
    public async Task The_publisher_is_registered_only_when_service_bus_is_configured(string? setting, bool registered)
    {
        await using var app = await TestApp.StartAsync(settings =>
        {
            if (setting == "ServiceBus")
            {
                // A made-up namespace and key (base64 of "fake-key-for-tests"): the test only checks registration, nothing connects.
                settings[setting] = "Endpoint=sb://servicedesk-test.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=ZmFrZS1rZXktZm9yLXRlc3Rz";
            }
            else if (setting is not null)
            {
                settings[setting] = "servicedesk-test.servicebus.windows.net";
            }
        });

        var handlers = app.Services.GetServices<ITicketEventHandler>().ToList();

        Assert.Equal(registered, handlers.OfType<ServiceBusTicketEventPublisher>().Any());
    }
}
