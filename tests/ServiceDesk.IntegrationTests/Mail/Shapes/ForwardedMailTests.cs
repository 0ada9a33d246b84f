using static ServiceDesk.IntegrationTests.Mail.Shapes.ForwardShapes;
using static ServiceDesk.IntegrationTests.Mail.Shapes.Mime;

namespace ServiceDesk.IntegrationTests.Mail.Shapes;

/// <summary>
/// Forward-as-attachment (message/rfc822, message/global): the forwarded mail is shown in the new ticket's description
/// under a heading in the ticket's language (contoso's default is Swedish) and kept as "{its subject}.eml"; two
/// forwarded levels are shown, deeper ones are only kept as .eml.
/// </summary>
public sealed class ForwardedMailTests(ShapesApp shapes) : IClassFixture<ShapesApp>
{
    private const string Outer = "Hej! Lena får inga lönebesked sedan i måndags, se hennes mejl.";
    private const string Subject = "Fel i lönekörningen";
    private const string Body = "Lönekörningen för december stannar på steg 3 av 5 och inga lönebesked skickas.";

    private static void ShowsForward(Outcome o, string heading, string subject = Subject, string body = Body)
    {
        Assert.Contains(Outer, o.Text);
        Assert.Contains(heading, o.Text);
        Assert.Contains("lena@contoso.se", o.Text);
        Assert.Contains(subject, o.Text);
        Assert.Contains(body, o.Text);
    }

    [Fact]
    public async Task An_Outlook_forward_as_attachment_shows_the_original_under_a_Swedish_heading_and_stores_it_and_the_outer_attachment()
    {
        var raw = Outlook(NewId(), "VB: " + Subject, Outer, OutlookMessage(Lena, Subject, Body),
            fileName: Subject + ".eml", own: ("skärmbild.png", "image/png", Png()));

        var o = (await shapes.IngestAsync(raw)).Created();

        Assert.Equal(Subject, o.Title);
        ShowsForward(o, "Vidarebefordrat meddelande");
        Assert.Contains("Attachment stored: Fel i lönekörningen.eml", o.Notes);
        Assert.Contains("Attachment stored: skärmbild.png", o.Notes);
    }

    [Fact]
    public async Task An_Outlook_forward_without_a_file_name_stores_the_original_under_its_subject()
    {
        var raw = Outlook(NewId(), "VB: " + Subject, Outer, OutlookMessage(Lena, Subject, Body), fileName: null);

        var o = (await shapes.IngestAsync(raw)).Created();

        ShowsForward(o, "Vidarebefordrat meddelande");
        Assert.Contains("Attachment stored: Fel i lönekörningen.eml", o.Notes);
    }

    [Fact]
    public async Task An_Outlook_forward_of_a_mail_with_a_PDF_stores_the_original_and_the_PDF_inside_it()
    {
        var inner = OutlookMessage(Lena, Subject, Body, pdf: ("lönespec december.pdf", Pdf("Lonespecifikation december")));
        var raw = Outlook(NewId(), "VB: " + Subject, Outer, inner, fileName: Subject + ".eml");

        var o = (await shapes.IngestAsync(raw)).Created();

        ShowsForward(o, "Vidarebefordrat meddelande");
        Assert.Contains("Attachment stored: Fel i lönekörningen.eml", o.Notes);
        Assert.Contains("Attachment stored: lönespec december.pdf", o.Notes);
    }

    [Fact]
    public async Task An_outer_mail_in_English_gets_the_English_forward_heading()
    {
        var raw = Outlook(NewId(), "FW: " + Subject, Outer, OutlookMessage(Lena, Subject, Body), contentLanguage: "en");

        var o = (await shapes.IngestAsync(raw)).Created();

        ShowsForward(o, "Forwarded message");
        Assert.Contains("Attachment stored: Fel i lönekörningen.eml", o.Notes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_Thunderbird_forward_named_Fwd_eml_shows_the_original_and_stores_it_under_its_subject(bool inline)
    {
        var received = Lines(
            "Return-Path: <lena@contoso.se>",
            "Received: from AM9PR02MB7412.eurprd02.prod.outlook.com (2603:10a6:20b:3e1::9)",
            " by mx.contoso.se with ESMTPS; Mon, 7 Dec 2026 14:12:03 +0000");
        var raw = Thunderbird(NewId(), "Fwd: " + Subject, Outer, received + OutlookMessage(Lena, Subject, Body), inline);

        var o = (await shapes.IngestAsync(raw)).Created();

        Assert.Equal(Subject, o.Title);
        ShowsForward(o, "Vidarebefordrat meddelande");
        Assert.Contains("Attachment stored: Fel i lönekörningen.eml", o.Notes);
    }

    [Fact]
    public async Task A_forwarded_subject_with_characters_unsafe_in_file_names_gives_a_cleaned_eml_name()
    {
        const string unsafeSubject = "Faktura 2026/12: fel belopp?";
        var raw = Outlook(NewId(), "VB: " + unsafeSubject, Outer, OutlookMessage(Lena, unsafeSubject, Body));

        var o = (await shapes.IngestAsync(raw)).Created();

        ShowsForward(o, "Vidarebefordrat meddelande", unsafeSubject);
        var start = o.Notes.IndexOf("Attachment stored: Faktura 2026", StringComparison.Ordinal);
        Assert.True(start >= 0, o.Notes);
        var name = o.Notes[(start + "Attachment stored: ".Length)..];
        var end = name.IndexOf(".eml", StringComparison.Ordinal);
        Assert.True(end > 0 && end < 40, o.Notes);
        name = name[..end];
        Assert.Contains("12", name);
        Assert.Contains("fel belopp", name);
        Assert.DoesNotContain(name, c => c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|');
    }

    [Fact]
    public async Task A_forward_of_a_forward_shows_both_forwarded_texts()
    {
        var per = OutlookMessage("Per Holm <per@contoso.se>", "Lönefilen saknas", "Filen från banken kom aldrig fram i natt.");
        var lena = ForwardingMessage(Lena, "VB: Lönefilen saknas", "Per skriver att bankfilen saknas, kan ni titta?", per);
        var raw = Outlook(NewId(), "VB: VB: Lönefilen saknas", Outer, lena);

        var o = (await shapes.IngestAsync(raw)).Created();

        Assert.Contains(Outer, o.Text);
        Assert.Contains("Per skriver att bankfilen saknas, kan ni titta?", o.Text);
        Assert.Contains("Filen från banken kom aldrig fram i natt.", o.Text);
        Assert.Contains("per@contoso.se", o.Text);
    }

    [Fact]
    public async Task A_third_forwarded_level_is_not_shown_but_kept_as_an_eml_named_in_a_note()
    {
        var karin = OutlookMessage("Karin Berg <karin@contoso.se>", "Bankfilens format", "Bankfilen skickas den nionde varje månad i ISO 20022-format.");
        var per = ForwardingMessage("Per Holm <per@contoso.se>", "VB: Schemat för december", "Se Karins mejl om formatet nedan.", karin);
        var lena = ForwardingMessage(Lena, "VB: VB: Schemat för december", "Per skickade det här i förrgår.", per);
        var raw = Outlook(NewId(), "VB: VB: VB: Schemat för december", Outer, lena);

        var o = (await shapes.IngestAsync(raw)).Created();

        Assert.Contains(Outer, o.Text);
        Assert.Contains("Per skickade det här i förrgår.", o.Text);
        Assert.Contains("Se Karins mejl om formatet nedan.", o.Text);
        Assert.DoesNotContain("Bankfilen skickas den nionde", o.Text);
        Assert.Contains(o.Notes.Split('\n'), line => line.Contains("Bankfilens format") && line.Contains(".eml"));
    }

    [Fact]
    public async Task A_message_global_with_UTF8_headers_is_shown_and_stored_like_message_rfc822()
    {
        const string subject = "Lönekörningen stoppar för Åsa Öberg";
        const string body = "Körningen avbryts när Åsas lönerad läses in.";
        var raw = Outlook(NewId(), "VB: " + subject, Outer, GlobalMessage(subject, body), innerType: "message/global");

        var o = (await shapes.IngestAsync(raw)).Created();

        ShowsForward(o, "Vidarebefordrat meddelande", subject, body);
        Assert.Contains($"Attachment stored: {subject}.eml", o.Notes);
    }
}
