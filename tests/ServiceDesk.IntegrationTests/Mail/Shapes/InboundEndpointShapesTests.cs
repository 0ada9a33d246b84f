using ServiceDesk.Functions.Mail;
using static ServiceDesk.IntegrationTests.Mail.Shapes.ForwardShapes;
using static ServiceDesk.IntegrationTests.Mail.Shapes.Mime;

namespace ServiceDesk.IntegrationTests.Mail.Shapes;

/// <summary>The shapes reach the ingestion the same way over <c>POST /api/inbound/email</c>.</summary>
public sealed class InboundEndpointShapesTests(ShapesApp shapes) : IClassFixture<ShapesApp>
{
    public static TheoryData<string> Mails() => new("outlook-forward", "mbox-from-line", "bom-and-blank-lines");

    [Theory]
    [MemberData(nameof(Mails))]
    public async Task The_inbound_endpoint_accepts_the_mail_and_opens_a_ticket(string shape)
    {
        var id = NewId();
        var raw = shape == "outlook-forward"
            ? Outlook(id, "VB: Fel i lönekörningen", "Hej! Se Lenas mejl.", OutlookMessage(Lena, "Fel i lönekörningen", "Körningen stannar."))
            : TolerantParsingTests.Mail(shape, id);
        var api = shapes.App.Get<InboundEmailApi>();

        var response = await shapes.App.SendAsync(r => api.Run(r, null!), "POST", "/api/inbound/email", raw, contentType: "message/rfc822");

        Assert.True(response.Status == 202, response.ToString());
        Assert.Equal("created", response.Get("action"));
        Assert.StartsWith("INC-", response.Get("ticketNumber"));
    }
}
