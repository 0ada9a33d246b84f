using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using ServiceDesk.EndToEndTests.Infrastructure;
using ServiceDesk.EndToEndTests.Workflows;

namespace ServiceDesk.EndToEndTests.Mail;

/// <summary>
/// Mail as real clients write it, through the local host as <c>dotnet run</c> serves it: an Outlook mail in windows-1252
/// posted by a gateway, and an Outlook "forward as attachment" sent by SMTP to smtp4dev and read by the IMAP poller.
/// </summary>
public sealed class RealClientMailTests(MailWorkflowHostFixture f) : IClassFixture<MailWorkflowHostFixture>
{
    private static readonly Encoding Cp1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    [Fact]
    public async Task An_Outlook_mail_in_windows_1252_posted_by_a_gateway_keeps_its_curly_quotes_dash_and_euro_sign()
    {
        var messageId = $"{Guid.NewGuid():N}@{MailWorkflowHostFixture.Customer}.se";
        var raw = Encoding.ASCII.GetBytes(
                $"From: =?windows-1252?Q?Bj=F6rn_=C5berg?= <{MailWorkflowHostFixture.Address("bjorn")}>\r\n" +
                $"To: {MailWorkflowHostFixture.Support}\r\nSubject: =?windows-1252?Q?Licens_=93Office=94_=96_f=F6rnyelse_10_=80?=\r\n" +
                $"Date: Wed, 2 Dec 2026 09:14:00 +0100\r\nMessage-ID: <{messageId}>\r\nX-Mailer: Microsoft Outlook 16.0\r\n" +
                "Thread-Index: AdlGq3H5Yk2mB1cQS0uJ5b9n6QdE1A==\r\nContent-Language: sv-SE\r\nMIME-Version: 1.0\r\n" +
                "Content-Type: text/plain; charset=\"windows-1252\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
            .Concat(Encoding.ASCII.GetBytes(QuotedPrintable(Cp1252.GetBytes("Hej!\r\nJag får felet “Licensen har gått ut” – förnyelsen kostar 10 €.\r\n\r\nMvh Björn\r\n"))))
            .ToArray();
        using var content = new ByteArrayContent(raw);
        content.Headers.ContentType = new("message/rfc822");

        using var posted = await f.Client.PostAsync("api/inbound/email", content);

        var result = await ApiClient.JsonAsync(posted);
        Assert.True(result.GetProperty("action").GetString() == "created", result.ToString());
        var ticket = await f.TicketAsync(result.GetProperty("ticketNumber").GetString()!);
        Assert.Equal("Licens “Office” – förnyelse 10 €", ticket.GetProperty("title").GetString());
        Assert.Contains("Jag får felet “Licensen har gått ut” – förnyelsen kostar 10 €.", ticket.GetProperty("description").GetString());
        Assert.Equal("Björn Åberg", ticket.GetProperty("requester").GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_Outlook_forward_as_attachment_read_over_IMAP_shows_the_forwarded_mail_and_keeps_it_as_eml()
    {
        var messageId = $"{Guid.NewGuid():N}@{MailWorkflowHostFixture.Customer}.se";
        var raw = Encoding.UTF8.GetBytes(
            $"From: Karin Lund <{MailWorkflowHostFixture.Address("karin")}>\r\nTo: {MailWorkflowHostFixture.Support}\r\n" +
            $"Subject: VB: Fel i lönekörningen\r\nDate: Wed, 2 Dec 2026 10:02:00 +0100\r\nMessage-ID: <{messageId}>\r\n" +
            "X-Mailer: Microsoft Outlook 16.0\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"_004_outer_\"\r\n\r\n" +
            "--_004_outer_\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            "Hej, se felmeddelandet jag fick i bifogade mail.\r\n\r\n" +
            "--_004_outer_\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"Fel i lönekörningen.eml\"\r\n\r\n" +
            "From: Lönesystemet <noreply-lon@contoso.example>\r\nTo: karin@wf-mail.se\r\nSubject: Fel i lönekörningen\r\n" +
            "Date: Wed, 2 Dec 2026 07:30:00 +0100\r\nMessage-ID: <lon-4711@contoso.example>\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
            "Körning 2026-12 avbröts: kontot 7010 saknar kostnadsställe (felkod PX-311).\r\n\r\n" +
            "--_004_outer_--\r\n");
        var message = MimeMessage.Load(new MemoryStream(raw));
        using (var smtp = new SmtpClient())
        {
            await smtp.ConnectAsync("127.0.0.1", f.Mail.SmtpPort, SecureSocketOptions.None);
            await smtp.SendAsync(message);
            await smtp.DisconnectAsync(true);
        }

        // The MailboxPoll timer reads the mailbox every 15 s.
        var record = await Eventually.ReturnsAsync(async () =>
            {
                var page = await Admin($"api/mail/inbound?action=created&pageSize=100");
                return page.GetProperty("items").EnumerateArray().FirstOrDefault(r => r.GetProperty("messageId").GetString() == messageId);
            }, r => r.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(60), "the forwarded mail read over IMAP");
        var number = record.GetProperty("ticketNumber").GetString()!;

        var ticket = await f.TicketAsync(number);
        var description = ticket.GetProperty("description").GetString()!;
        Assert.Equal("Fel i lönekörningen", ticket.GetProperty("title").GetString());
        Assert.Contains("se felmeddelandet jag fick", description);
        Assert.Contains("Vidarebefordrat meddelande", description);
        Assert.Contains("noreply-lon@contoso.example", description);
        Assert.Contains("kontot 7010 saknar kostnadsställe (felkod PX-311)", description);
        var activity = (await f.GetAsync($"api/tickets/{number}/activity?pageSize=100")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(activity, a => a.GetProperty("type").GetString() == "internalNote"
                                       && a.GetProperty("text").GetString()!.Contains("Attachment stored: Fel i lönekörningen.eml"));
    }

    private async Task<JsonElement> Admin(string path)
    {
        using var response = await f.Api.SendAsync(HttpMethod.Get, path, f.Admin);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await ApiClient.JsonAsync(response);
    }

    /// <summary>Quoted-printable as Outlook writes it (soft line breaks at 76, CRLF kept as hard breaks).</summary>
    private static string QuotedPrintable(byte[] bytes)
    {
        var sb = new StringBuilder();
        var line = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '\r' && i + 1 < bytes.Length && bytes[i + 1] == '\n')
            {
                sb.Append("\r\n");
                i++;
                line = 0;
                continue;
            }
            var piece = b is >= 33 and <= 126 and not (byte)'=' || b == ' ' ? ((char)b).ToString() : $"={b:X2}";
            if (line + piece.Length > 75)
            {
                sb.Append("=\r\n");
                line = 0;
            }
            sb.Append(piece);
            line += piece.Length;
        }
        return sb.ToString();
    }
}
