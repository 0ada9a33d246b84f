using System.Text;
using static ServiceDesk.IntegrationTests.Mail.Shapes.Mime;

namespace ServiceDesk.IntegrationTests.Mail.Shapes;

/// <summary>
/// What gateways, mbox exports and copy-paste do to a valid mail before it reaches us: a line or a BOM or blank lines
/// in front, bare LF or mixed line ends, a broken header line. The same simple mail must still become the same ticket.
/// </summary>
public sealed class TolerantParsingTests(ShapesApp shapes) : IClassFixture<ShapesApp>
{
    public const string Title = "Skrivaren är trasig";
    public const string Body = "Den skriver inte ut.";

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    private static string[] HeaderLines(string messageId) =>
    [
        "From: Anna Svensson <anna@contoso.se>",
        "To: support@servicedesk.local",
        $"Subject: {Q(Title)}",
        "Date: Thu, 10 Dec 2026 08:00:00 +0100",
        $"Message-ID: <{messageId}>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
    ];

    private static string[] AllLines(string messageId) => [.. HeaderLines(messageId), "", Body, "", "Mvh Anna", ""];

    public static string[] Shapes =>
        ["original-message-line", "mbox-from-line", "bom", "blank-lines", "bom-and-blank-lines", "bare-lf", "mixed-line-ends", "broken-header-line"];

    public static TheoryData<string> All() => new(Shapes);

    public static byte[] Mail(string shape, string messageId)
    {
        var crlf = string.Join("\r\n", AllLines(messageId));
        return shape switch
        {
            "original-message-line" => Utf8("---- Original email message ----\r\n" + crlf),
            "mbox-from-line" => Utf8("From anna@contoso.se Sat Jan  1 00:00:00 2026\r\n" + crlf),
            "bom" => [.. Bom, .. Utf8(crlf)],
            "blank-lines" => Utf8("\r\n\r\n\r\n" + crlf),
            "bom-and-blank-lines" => [.. Bom, .. Utf8("\r\n\r\n\r\n" + crlf)],
            "bare-lf" => Utf8(string.Join("\n", AllLines(messageId))),
            "mixed-line-ends" => Utf8(Mixed(AllLines(messageId))),
            "broken-header-line" => Utf8(string.Join("\r\n",
                AllLines(messageId).Take(2).Append("X-Scanned-By Contoso MailScanner 4.2 (no colon on this line)").Concat(AllLines(messageId).Skip(2)))),
            _ => throw new ArgumentOutOfRangeException(nameof(shape)),
        };
    }

    /// <summary>CRLF and LF alternating line by line.</summary>
    private static string Mixed(string[] lines)
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            text.Append(lines[i]);
            if (i < lines.Length - 1)
            {
                text.Append(i % 2 == 0 ? "\r\n" : "\n");
            }
        }
        return text.ToString();
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task A_valid_mail_mangled_on_the_way_still_becomes_the_same_ticket(string shape)
    {
        var o = (await shapes.IngestAsync(Mail(shape, NewId()))).Created();

        Assert.Equal(Title, o.Title);
        Assert.Contains(Body, o.Text);
    }
}
