using System.Text;
using ServiceDesk.Application.Mail;
using ServiceDesk.IntegrationTests.Infrastructure;

namespace ServiceDesk.IntegrationTests.Mail;

/// <summary>Test apps for the email channel: customer contoso (contoso.se) and a seed ticket opened by mail.</summary>
public static class MailTestApp
{
    public const string SeedAckId = "seed-ack@servicedesk.local";

    public static async Task<TestApp> StartAsync(Action<Dictionary<string, string?>>? configure = null)
    {
        var app = await TestApp.StartAsync(configure);
        await app.SeedCustomerAsync("contoso");
        return app;
    }

    /// <summary>INC-000001 from anna@contoso.se, and our acknowledgement's Message-ID recorded for it.</summary>
    public static async Task<string> SeedTicketAsync(TestApp app)
    {
        var result = await app.Get<MailIngestion>().IngestAsync(Mail(
            "Anna Svensson <anna@contoso.se>", "Skrivaren skriver inte ut", "seed-origin@contoso.se", "Jobben fastnar i kön."), "seed", CancellationToken.None);
        Assert.Equal(("created", "INC-000001"), (result.Action, result.TicketNumber));
        await app.Get<IMailStore>().RecordSentIdAsync(SeedAckId, "INC-000001", CancellationToken.None);
        return "INC-000001";
    }

    public static byte[] Mail(string from, string subject, string messageId, string body, string? inReplyTo = null, string to = "support@servicedesk.local") =>
        Encoding.UTF8.GetBytes(
            $"From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nDate: Tue, 4 Mar 2025 08:00:00 +0000\r\nMessage-ID: <{messageId}>\r\n" +
            (inReplyTo is null ? "" : $"In-Reply-To: <{inReplyTo}>\r\nReferences: <{inReplyTo}>\r\n") +
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body.ReplaceLineEndings("\r\n") + "\r\n");
}
