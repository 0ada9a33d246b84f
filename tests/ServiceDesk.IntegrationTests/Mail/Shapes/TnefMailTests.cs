using MimeKit;
using MimeKit.Tnef;
using static ServiceDesk.IntegrationTests.Mail.Shapes.Mime;

namespace ServiceDesk.IntegrationTests.Mail.Shapes;

/// <summary>
/// Outlook in rich-text mode sends the body and the attachments inside application/ms-tnef (winmail.dat): the ticket
/// gets the TNEF body and the attachments in it, not an opaque winmail.dat.
/// </summary>
public sealed class TnefMailTests(ShapesApp shapes) : IClassFixture<ShapesApp>
{
    public const string Body = "Nattkörningen misslyckades på server SRV-03, rapporten från jobbet bifogas.";
    public static readonly byte[] Report = Utf8("Fel 0x80070005: åtkomst nekad till \\\\srv-03\\lön\\export\r\n");

    public static byte[] Winmail() => Tnef.Write("Rapport från nattkörningen", Body, ("rapport.txt", "text/plain", Report));

    private static string Headers(string messageId) => Lines(
        "From: Anna Svensson <anna@contoso.se>",
        "To: Support <support@servicedesk.local>",
        $"Subject: {Q("Rapport från nattkörningen", "iso-8859-1")}",
        $"Thread-Topic: {Q("Rapport från nattkörningen", "iso-8859-1")}",
        "Thread-Index: AdtKqP3Gm6Xq0wQ1S2C7pT3pY0v3bA==",
        $"Date: {Date}",
        $"Message-ID: <{messageId}>",
        "Accept-Language: sv-SE, en-US",
        "Content-Language: sv-SE",
        "X-MS-Has-Attach: yes",
        $"X-MS-TNEF-Correlator: <{messageId}>");

    /// <summary>multipart/mixed: an empty text/plain, then winmail.dat (what Exchange relays to the internet).</summary>
    public static byte[] MixedWithWinmail(string messageId) => Utf8(Headers(messageId) + Lines(
        "Content-Type: multipart/mixed;\r\n\tboundary=\"_002_AM9PR02MB7412_\"",
        "MIME-Version: 1.0",
        "",
        "--_002_AM9PR02MB7412_",
        "Content-Type: text/plain; charset=\"us-ascii\"",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "",
        "--_002_AM9PR02MB7412_",
        "Content-Type: application/ms-tnef; name=\"winmail.dat\"",
        "Content-Disposition: attachment; filename=\"winmail.dat\"",
        "Content-Transfer-Encoding: base64",
        "",
        Base64(Winmail()) + "--_002_AM9PR02MB7412_--"));

    /// <summary>The whole body is application/ms-tnef (what Exchange sends when it believes the recipient runs Outlook).</summary>
    public static byte[] OnlyWinmail(string messageId) => Utf8(Headers(messageId) + Lines(
        "Content-Type: application/ms-tnef; name=\"winmail.dat\"",
        "Content-Disposition: attachment; filename=\"winmail.dat\"",
        "Content-Transfer-Encoding: base64",
        "MIME-Version: 1.0",
        "",
        Base64(Winmail())));

    [Theory]
    [InlineData("mixed")]
    [InlineData("only")]
    public async Task A_winmail_dat_gives_its_body_text_and_its_attachments_instead_of_itself(string shape)
    {
        var id = NewId();
        var raw = shape == "mixed" ? MixedWithWinmail(id) : OnlyWinmail(id);

        var o = (await shapes.IngestAsync(raw)).Created();

        Assert.Contains(Body, o.Text);
        Assert.Contains("Attachment stored: rapport.txt", o.Notes);
        Assert.DoesNotContain("Attachment stored: winmail.dat", o.Notes);
    }

    /// <summary>
    /// The hand-written winmail.dat is well-formed TNEF: every attribute's length and checksum add up, and it holds the
    /// body and rapport.txt. MimeKit's TNEF reader needs code page 1252 (System.Text.Encoding.CodePages registered);
    /// this check never registers it nor touches MimeKit's TNEF types without it: a failed type initializer would stay
    /// failed for the whole test process and break the product's TNEF tests.
    /// </summary>
    [Fact]
    public void The_hand_written_winmail_dat_is_well_formed_TNEF()
    {
        var tnef = Winmail();
        using var reader = new BinaryReader(new MemoryStream(tnef));
        Assert.Equal(0x223E9F78u, reader.ReadUInt32());
        reader.ReadUInt16();
        var attributes = new List<(byte Level, uint Tag, byte[] Data)>();
        while (reader.BaseStream.Position < reader.BaseStream.Length)
        {
            var level = reader.ReadByte();
            var tag = reader.ReadUInt32();
            var data = reader.ReadBytes((int)reader.ReadUInt32());
            Assert.Equal((ushort)(data.Sum(b => (int)b) & 0xFFFF), reader.ReadUInt16());
            attributes.Add((level, tag, data));
        }
        Assert.Equal([0x00089006u, 0x00069007u, 0x00078008u, 0x00069003u, 0x00069002u, 0x00018010u, 0x0006800Fu, 0x00069005u],
            attributes.Select(a => a.Tag));
        Assert.True(attributes[3].Data.AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes(Body)) > 0, "PR_BODY is not in attMsgProps.");
        Assert.Equal("rapport.txt\0", System.Text.Encoding.Latin1.GetString(attributes[5].Data));
        Assert.Equal(Report, attributes[6].Data);

        if (!CodePage1252Available())
        {
            return;
        }
        using var message = MimeMessage.Load(new MemoryStream(MixedWithWinmail(NewId())));
        using var converted = Assert.Single(message.BodyParts.OfType<TnefPart>()).ConvertToMessage();
        Assert.Equal("Rapport från nattkörningen", converted.Subject);
        Assert.Contains(Body, converted.TextBody);
        var report = Assert.Single(converted.Attachments.OfType<MimePart>());
        Assert.Equal("rapport.txt", report.FileName);
        using var content = new MemoryStream();
        report.Content!.DecodeTo(content);
        Assert.Equal(Report, content.ToArray());
    }

    private static bool CodePage1252Available()
    {
        try
        {
            System.Text.Encoding.GetEncoding(1252);
            return true;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }
}
