using ServiceDesk.Application.Intake;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Intake;

public class CorrelationIdTests
{
    private static IncidentMessage Message(string title = "Disk full", string? service = "Files", string? key = null, string customer = "contoso") => new()
    {
        SchemaVersion = "1.0",
        Source = "zabbix",
        SourceId = Guid.NewGuid().ToString(),
        CustomerId = customer,
        Title = title,
        Impact = Impact.Medium,
        Urgency = Urgency.Medium,
        Service = service,
        OccurredAt = DateTimeOffset.UnixEpoch,
        CorrelationKey = key,
    };

    [Fact]
    public void The_signature_ignores_case_and_extra_whitespace() =>
        Assert.Equal(CorrelationId.For(Message("Disk  full ")), CorrelationId.For(Message("disk full")));

    [Fact]
    public void Different_titles_services_or_customers_are_different_problems()
    {
        var id = CorrelationId.For(Message());

        Assert.NotEqual(id, CorrelationId.For(Message("Disk full again")));
        Assert.NotEqual(id, CorrelationId.For(Message(service: "Mail")));
        Assert.NotEqual(id.Hash, CorrelationId.For(Message(customer: "fabrikam")).Hash);
    }

    [Fact]
    public void An_explicit_correlation_key_wins_over_the_signature() =>
        Assert.Equal(CorrelationId.For(Message("A", key: "k1")), CorrelationId.For(Message("B", service: null, key: "k1")));
}
