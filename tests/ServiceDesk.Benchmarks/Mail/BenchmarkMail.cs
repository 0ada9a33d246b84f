using System.Text;
using ServiceDesk.Application.Mail;
using ServiceDesk.Benchmarks.Harness;

namespace ServiceDesk.Benchmarks.Mail;

/// <summary>The mail benchmark's inputs: minimal copies of the mail tests' MailTestApp.Mail and SeedTicketAsync.</summary>
public static class BenchmarkMail
{
    public const string SeedAckId = "seed-ack@servicedesk.local";

    /// <summary>INC-000001 from anna@contoso.se, and our acknowledgement's Message-ID recorded for it (as the mail tests seed it).</summary>
    public static async Task SeedTicketAsync(BenchmarkApp app)
    {
        var result = await app.Get<MailIngestion>().IngestAsync(Mail(
            "Anna Svensson <anna@contoso.se>", "Skrivaren skriver inte ut", "seed-origin@contoso.se", "Jobben fastnar i kön."), "seed", CancellationToken.None);
        BenchmarkCheckException.Require((result.Action, result.TicketNumber) == ("created", "INC-000001"),
            $"the seed mail gave {result.Action} {result.TicketNumber}, not created INC-000001");
        await app.Get<IMailStore>().RecordSentIdAsync(SeedAckId, "INC-000001", CancellationToken.None);
    }

    public static byte[] Mail(string from, string subject, string messageId, string body, string? inReplyTo = null) =>
        Encoding.UTF8.GetBytes(
            $"From: {from}\r\nTo: support@servicedesk.local\r\nSubject: {subject}\r\nDate: Tue, 4 Mar 2025 08:00:00 +0000\r\nMessage-ID: <{messageId}>\r\n" +
            (inReplyTo is null ? "" : $"In-Reply-To: <{inReplyTo}>\r\nReferences: <{inReplyTo}>\r\n") +
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body.ReplaceLineEndings("\r\n") + "\r\n");
}
