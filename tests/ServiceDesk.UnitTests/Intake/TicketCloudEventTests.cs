using System.Text.Json;
using ServiceDesk.Application.Events;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Intake;

public class TicketCloudEventTests
{
    internal static TicketEvent Event()
    {
        var now = new DateTimeOffset(2025, 11, 20, 8, 0, 0, TimeSpan.Zero);
        var draft = new TicketDraft(TicketKind.Incident, "contoso", new Requester("zabbix", "zabbix", null, null, Language.Sv),
            Channel.Queue, "Disk full", "D: is full", null, "Files", "fs01", Impact.High, Urgency.High);
        TicketNumber.TryParse("INC-000042", out var number);
        var ticket = Ticket.Open(number!.Value, draft, new Actor("intake", "zabbix"), now);
        var activity = ticket.NewActivities[0];
        return new TicketEvent(TicketEvent.IdOf(ticket.Number, 1), TicketEventTypes.Created, ticket.Number, "contoso", 1,
            activity.Type, activity.Actor, activity.At, activity.Text, activity.Data, ticket.State);
    }

    [Fact]
    public void A_ticket_event_is_a_cloudevents_1_0_document_with_the_ticket_summary()
    {
        using var json = JsonDocument.Parse(TicketCloudEvent.Serialize(Event()));
        var root = json.RootElement;

        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal("INC-000042:1", root.GetProperty("id").GetString());
        Assert.Equal(TicketEventTypes.Created, root.GetProperty("type").GetString());
        Assert.Equal("INC-000042", root.GetProperty("subject").GetString());
        Assert.Equal(TicketCloudEvent.Source, root.GetProperty("source").GetString());
        var data = root.GetProperty("data");
        Assert.Equal("contoso", data.GetProperty("customerId").GetString());
        Assert.Equal(1, data.GetProperty("ticket").GetProperty("priority").GetInt32());
        Assert.Equal("new", data.GetProperty("ticket").GetProperty("status").GetString());
    }
}
