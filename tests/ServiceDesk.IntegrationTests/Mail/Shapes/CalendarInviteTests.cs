using static ServiceDesk.IntegrationTests.Mail.Shapes.Mime;

namespace ServiceDesk.IntegrationTests.Mail.Shapes;

/// <summary>
/// Meeting invitations: the text/calendar part is kept as an .ics and the description says what the meeting is and
/// when (SUMMARY and the DTSTART date, ISO formatted), whether the start has a Windows TZID or is UTC.
/// </summary>
public sealed class CalendarInviteTests(ShapesApp shapes) : IClassFixture<ShapesApp>
{
    private const string Invitation = "Vi går igenom den nya VPN-klienten och hur man loggar in med BankID.";

    /// <summary>What Exchange puts in a meeting request from Outlook: a Windows time zone, LANGUAGE parameters.</summary>
    public static string OutlookIcs() => Lines(
        "BEGIN:VCALENDAR",
        "METHOD:REQUEST",
        "PRODID:Microsoft Exchange Server 2010",
        "VERSION:2.0",
        "BEGIN:VTIMEZONE",
        "TZID:W. Europe Standard Time",
        "BEGIN:STANDARD",
        "DTSTART:16010101T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:16010101T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "ORGANIZER;CN=Anna Svensson:mailto:anna@contoso.se",
        "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Support:mailto:s",
        " upport@servicedesk.local",
        $"DESCRIPTION;LANGUAGE=sv-SE:{Invitation}\\n",
        "UID:040000008200E00074C5B7101A82E008000000008A3F5C1D8B4ADB01000000000000000",
        " 010000000C1F2B2A9D1E5A34BA0F3D0F2B4C5E6D7",
        "SUMMARY;LANGUAGE=sv-SE:Genomgång av VPN",
        "DTSTART;TZID=W. Europe Standard Time:20261210T090000",
        "DTEND;TZID=W. Europe Standard Time:20261210T100000",
        "CLASS:PUBLIC",
        "PRIORITY:5",
        "DTSTAMP:20261201T101500Z",
        "TRANSP:OPAQUE",
        "STATUS:CONFIRMED",
        "SEQUENCE:0",
        "LOCATION;LANGUAGE=sv-SE:Konferensrum Ekeby",
        "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE",
        "X-MICROSOFT-CDO-IMPORTANCE:1",
        "X-MICROSOFT-CDO-INSTTYPE:0",
        "BEGIN:VALARM",
        "DESCRIPTION:REMINDER",
        "TRIGGER;RELATED=START:-PT15M",
        "ACTION:DISPLAY",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR");

    /// <summary>What Google Calendar sends: UTC times.</summary>
    public static string GoogleIcs() => Lines(
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "DTSTART:20261210T080000Z",
        "DTEND:20261210T090000Z",
        "DTSTAMP:20261201T101500Z",
        "ORGANIZER;CN=Anna Svensson:mailto:anna@contoso.se",
        "UID:6k2f0b9q3v8m1c7r5t4s2p0n9l@google.com",
        "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=",
        " TRUE;CN=support@servicedesk.local;X-NUM-GUESTS=0:mailto:support@servicedesk.local",
        "CREATED:20261201T101455Z",
        $"DESCRIPTION:{Invitation}",
        "LAST-MODIFIED:20261201T101455Z",
        "LOCATION:",
        "SEQUENCE:0",
        "STATUS:CONFIRMED",
        "SUMMARY:Genomgång av VPN",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR");

    /// <summary>Outlook: multipart/alternative of text/plain, text/html and text/calendar; method=REQUEST, all base64.</summary>
    public static byte[] Outlook(string messageId) => Utf8(Lines(
        "From: Anna Svensson <anna@contoso.se>",
        "To: Support <support@servicedesk.local>",
        $"Subject: {Q("Genomgång av VPN", "iso-8859-1")}",
        $"Thread-Topic: {Q("Genomgång av VPN", "iso-8859-1")}",
        $"Date: {Date}",
        $"Message-ID: <{messageId}>",
        "Accept-Language: sv-SE, en-US",
        "Content-Language: sv-SE",
        "X-MS-Has-Attach:",
        "X-MS-TNEF-Correlator:",
        "Content-Type: multipart/alternative;\r\n\tboundary=\"_000_AM9PR02MB7412cal_\"",
        "MIME-Version: 1.0",
        "",
        "--_000_AM9PR02MB7412cal_",
        "Content-Type: text/plain; charset=\"utf-8\"",
        "Content-Transfer-Encoding: base64",
        "",
        Base64(Invitation + "\r\n") + "--_000_AM9PR02MB7412cal_",
        "Content-Type: text/html; charset=\"utf-8\"",
        "Content-Transfer-Encoding: base64",
        "",
        Base64($"<html><body><div>{System.Net.WebUtility.HtmlEncode(Invitation)}</div></body></html>\r\n") + "--_000_AM9PR02MB7412cal_",
        "Content-Type: text/calendar; method=REQUEST; charset=\"UTF-8\"",
        "Content-Transfer-Encoding: base64",
        "",
        Base64(OutlookIcs()) + "--_000_AM9PR02MB7412cal_--"));

    /// <summary>Gmail: multipart/mixed of (text/plain, text/html, text/calendar) and the same as attachment invite.ics.</summary>
    public static byte[] Gmail(string messageId)
    {
        const string text = "Du har blivit inbjuden till följande händelse.\r\n\r\nGenomgång av VPN\r\n" +
            "torsdag 10 dec. 2026 ⋅ 09:00–10:00\r\nCentraleuropeisk tid - Stockholm\r\n\r\n" + Invitation + "\r\n";
        return Utf8(Lines(
            "MIME-Version: 1.0",
            "From: Anna Svensson <anna@contoso.se>",
            $"Date: {Date}",
            $"Message-ID: <{messageId}>",
            $"Subject: {Q("Inbjudan: Genomgång av VPN - tors 10 dec. 2026 09:00 - 10:00 (CET) (support@servicedesk.local)")}",
            "To: support@servicedesk.local",
            "Content-Type: multipart/mixed; boundary=\"000000000000f1e2d3c4b5a69788\"",
            "",
            "--000000000000f1e2d3c4b5a69788",
            "Content-Type: multipart/alternative; boundary=\"000000000000f1e2d3c4b5a69787\"",
            "",
            "--000000000000f1e2d3c4b5a69787",
            "Content-Type: text/plain; charset=\"UTF-8\"; format=flowed; delsp=yes",
            "Content-Transfer-Encoding: base64",
            "",
            Base64(text) + "--000000000000f1e2d3c4b5a69787",
            "Content-Type: text/html; charset=\"UTF-8\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            QuotedPrintable($"<p>Du har blivit inbjuden till följande händelse.</p><h3>Genomgång av VPN</h3><p>{Invitation}</p>") +
            "--000000000000f1e2d3c4b5a69787",
            "Content-Type: text/calendar; charset=\"UTF-8\"; method=REQUEST",
            "Content-Transfer-Encoding: base64",
            "",
            Base64(GoogleIcs()) + "--000000000000f1e2d3c4b5a69787--",
            "",
            "--000000000000f1e2d3c4b5a69788",
            "Content-Type: application/ics; name=\"invite.ics\"",
            "Content-Disposition: attachment; filename=\"invite.ics\"",
            "Content-Transfer-Encoding: base64",
            "",
            Base64(GoogleIcs()) + "--000000000000f1e2d3c4b5a69788--"));
    }

    /// <summary>A plain mail with the invitation attached as text/calendar invite.ics.</summary>
    public static byte[] Attached(string messageId) => Utf8(Lines(
        "From: Anna Svensson <anna@contoso.se>",
        "To: support@servicedesk.local",
        "Subject: Inbjudan till VPN-genomgången",
        $"Date: {Date}",
        $"Message-ID: <{messageId}>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"inv-7f3a\"",
        "",
        "--inv-7f3a",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "Hej, inbjudan ligger bifogad.",
        "--inv-7f3a",
        "Content-Type: text/calendar; method=REQUEST; charset=UTF-8; name=\"invite.ics\"",
        "Content-Disposition: attachment; filename=\"invite.ics\"",
        "Content-Transfer-Encoding: 8bit",
        "",
        OutlookIcs() + "--inv-7f3a--"));

    [Theory]
    [InlineData("outlook")]
    [InlineData("gmail")]
    [InlineData("attached")]
    public async Task A_meeting_invitation_keeps_the_ics_and_shows_the_summary_and_start_date(string shape)
    {
        var id = NewId();
        var raw = shape switch { "outlook" => Outlook(id), "gmail" => Gmail(id), _ => Attached(id) };

        var o = (await shapes.IngestAsync(raw)).Created();

        Assert.Contains(o.Notes.Split('\n'), line => line.Contains("Attachment stored:") && line.Contains(".ics"));
        Assert.Contains("Genomgång av VPN", o.Text);
        Assert.Contains("2026-12-10", o.Text);
    }
}
