using System.Text;
using static ServiceDesk.IntegrationTests.Mail.Shapes.ForwardShapes;
using static ServiceDesk.IntegrationTests.Mail.Shapes.Mime;

namespace ServiceDesk.IntegrationTests.Mail.Shapes;

/// <summary>
/// Hostile or broken structure never costs the ticket: absurd nesting stops at a depth limit that a note mentions,
/// a broken forwarded message leaves the outer text, and every attachment not stored is named in a note (Swedish and
/// English).
/// </summary>
public sealed class BoundsTests(ShapesApp shapes) : IClassFixture<ShapesApp>
{
    private const string Outer = "Hej, se bifogat. Det här är texten i det yttre mejlet.";

    private static string Headers(string messageId, string subject, string contentType) => Lines(
        "From: Anna Svensson <anna@contoso.se>",
        "To: support@servicedesk.local",
        $"Subject: {Q(subject)}",
        $"Date: {Date}",
        $"Message-ID: <{messageId}>",
        "MIME-Version: 1.0",
        $"Content-Type: {contentType}");

    /// <summary>multipart/mixed inside multipart/mixed, <paramref name="depth"/> levels, a text at the bottom.</summary>
    public static byte[] DeepMime(string messageId, int depth)
    {
        var mail = new StringBuilder(Headers(messageId, "Djupt nästlat", "multipart/mixed; boundary=\"level-1\"")).Append("\r\n");
        for (var i = 1; i <= depth; i++)
        {
            mail.Append(Lines($"--level-{i}"));
            mail.Append(i < depth
                ? Lines($"Content-Type: multipart/mixed; boundary=\"level-{i + 1}\"", "")
                : Lines("Content-Type: text/plain; charset=UTF-8", "", "Längst ner i trädet."));
        }
        for (var i = depth; i >= 1; i--)
        {
            mail.Append(Lines($"--level-{i}--"));
        }
        return Utf8(mail.ToString());
    }

    /// <summary>A forward of a forward of ... <paramref name="depth"/> forwarded messages.</summary>
    public static byte[] DeepForward(string messageId, int depth)
    {
        var inner = OutlookMessage(Lena, $"Nivå {depth}", $"Texten på nivå {depth}.");
        for (var level = depth - 1; level >= 1; level--)
        {
            inner = ForwardingMessage(Lena, $"VB: Nivå {level}", $"Texten på nivå {level}.", inner);
        }
        return Outlook(messageId, "VB: Kedjan", Outer, inner);
    }

    /// <summary>The forwarded message has headers, then binary garbage and a multipart whose boundary never closes.</summary>
    public static byte[] BrokenForward(string messageId)
    {
        const string marker = "@@GARBAGE@@";
        var inner = Lines(
            $"From: {Lena}",
            "Subject: Trasigt original",
            "Date: Mon, 7 Dec 2026 14:12:00 +0000",
            "MIME-Version: 1.0",
            "Content-Type: multipart/mixed; boundary=\"never-closed\"",
            "",
            marker,
            "--never-closed",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: base64",
            "",
            "SGVq!!!inte base64 alls ===",
            "Den här delen tar aldrig slut");
        var text = Encoding.UTF8.GetString(Outlook(messageId, "VB: Trasigt original", Outer, inner));
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        byte[] garbage = [0x00, 0xFF, 0xFE, 0x1B, 0x5B, 0x32, 0x4A, 0xC3, 0x28, 0x0D, 0x0D, 0x0A, 0x80, 0x81, 0x00, 0x0A, .. Noise(300, 3)];
        return [.. Utf8(text[..at]), .. garbage, .. Utf8(text[(at + marker.Length)..])];
    }

    /// <summary>A text and <paramref name="count"/> small named attachments.</summary>
    public static byte[] ManyAttachments(string messageId, int count)
    {
        var mail = new StringBuilder(Headers(messageId, "Loggar från alla klienter", "multipart/mixed; boundary=\"many\"")).Append(Lines(
            "",
            "--many",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            Outer));
        for (var i = 1; i <= count; i++)
        {
            mail.Append(Lines(
                "--many",
                $"Content-Type: text/plain; charset=UTF-8; name=\"klient-{i:00}.log\"",
                $"Content-Disposition: attachment; filename=\"klient-{i:00}.log\"",
                "Content-Transfer-Encoding: base64",
                "",
                Base64($"klient {i}: anslutning nekad\r\n")));
        }
        return Utf8(mail.Append(Lines("--many--")).ToString());
    }

    /// <summary>A text, a small PDF that is stored, and the named attachment.</summary>
    public static byte[] WithAttachment(string messageId, string name, string type, byte[] bytes) => Utf8(
        Headers(messageId, "Programmet startar inte", "multipart/mixed; boundary=\"one\"") + Lines(
            "",
            "--one",
            "Content-Type: text/plain; charset=UTF-8",
            "Content-Transfer-Encoding: 8bit",
            "",
            Outer,
            "--one",
            "Content-Type: application/pdf; name=\"felrapport.pdf\"",
            "Content-Disposition: attachment; filename=\"felrapport.pdf\"",
            "Content-Transfer-Encoding: base64",
            "",
            Base64(Pdf("Felrapport")) + "--one",
            $"Content-Type: {type}; name=\"{name}\"",
            $"Content-Disposition: attachment; filename=\"{name}\"",
            "Content-Transfer-Encoding: base64",
            "",
            Base64(bytes) + "--one--"));

    [Fact]
    public async Task A_MIME_tree_200_levels_deep_still_makes_a_ticket_and_a_note_names_the_depth_limit()
    {
        var o = (await shapes.IngestAsync(DeepMime(NewId(), 200))).Created();

        Assert.Contains("depth", o.Notes, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_forward_nested_20_levels_deep_still_makes_a_ticket_with_the_outer_text_and_a_note_names_the_depth_limit()
    {
        var o = (await shapes.IngestAsync(DeepForward(NewId(), 20))).Created();

        Assert.Contains(Outer, o.Text);
        Assert.Contains("depth", o.Notes, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_broken_forwarded_message_still_leaves_a_ticket_with_the_outer_text()
    {
        var o = (await shapes.IngestAsync(BrokenForward(NewId()))).Created();

        Assert.Contains(Outer, o.Text);
    }

    [Fact]
    public async Task Sixty_attachments_make_a_ticket_and_a_note_says_which_were_dropped()
    {
        var o = (await shapes.IngestAsync(ManyAttachments(NewId(), 60))).Created();

        Assert.Contains(Outer, o.Text);
        Assert.Contains("Attachment stored: klient-01.log", o.Notes);
        Assert.Contains("Attachment dropped", o.Notes);
        Assert.Contains("klient-60.log", o.Notes);
    }

    [Theory]
    [InlineData("blocked")]
    [InlineData("oversized")]
    public async Task An_attachment_not_stored_is_named_in_a_Swedish_and_English_note(string why)
    {
        var (name, type, bytes) = why == "blocked"
            ? ("verktyg.exe", "application/x-msdownload", Encoding.ASCII.GetBytes("MZ\x90\0\x03\0\0\0\x04\0\0\0"))
            : ("serverlogg.zip", "application/zip", Noise(ShapesApp.MaxAttachmentBytes + 40 * 1024, 4));

        var o = (await shapes.IngestAsync(WithAttachment(NewId(), name, type, bytes))).Created();

        Assert.Contains("Attachment stored: felrapport.pdf", o.Notes);
        Assert.Contains("Attachment dropped", o.Notes);
        Assert.Contains("Bilaga", o.Notes);
        Assert.Contains(name, o.Notes);
    }
}
