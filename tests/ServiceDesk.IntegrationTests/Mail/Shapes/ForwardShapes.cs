using System.Text;
using static ServiceDesk.IntegrationTests.Mail.Shapes.Mime;

namespace ServiceDesk.IntegrationTests.Mail.Shapes;

/// <summary>
/// Forward-as-attachment as the clients write it. Outlook (Exchange): multipart/mixed with a quoted-printable
/// iso-8859-1 text/plain + text/html alternative, then the original as <c>message/rfc822</c> with
/// <c>Content-Disposition: attachment</c> (a file name in RFC 2047 form, or none). Thunderbird: a UTF-8
/// format=flowed text, then <c>message/rfc822; name="Fwd.eml"</c>.
/// </summary>
internal static class ForwardShapes
{
    public const string Lena = "Lena Ek <lena@contoso.se>";

    /// <summary>A mail as Exchange stores it: the headers Outlook writes, a text/plain + text/html alternative, optionally a PDF.</summary>
    public static string OutlookMessage(string from, string subject, string body, (string Name, byte[] Bytes)? pdf = null,
        string date = "Mon, 7 Dec 2026 14:12:00 +0000", string to = "Anna Svensson <anna@contoso.se>")
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var alternative = Lines(
            $"--_000_{id}_",
            "Content-Type: text/plain; charset=\"iso-8859-1\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            QuotedPrintable(body + "\n", "iso-8859-1") + $"--_000_{id}_",
            "Content-Type: text/html; charset=\"iso-8859-1\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            QuotedPrintable(Html(body), "iso-8859-1") + $"--_000_{id}_--");
        var headers = Lines(
            $"From: {from}",
            $"To: {to}",
            $"Subject: {Q(subject, "iso-8859-1")}",
            $"Thread-Topic: {Q(subject, "iso-8859-1")}",
            "Thread-Index: AdtK3f1c2b7yZ9LrQ3eS0m4nA1B2Cw==",
            $"Date: {date}",
            $"Message-ID: <{id}@AM9PR02MB7412.eurprd02.prod.outlook.com>",
            "Accept-Language: sv-SE, en-US",
            "Content-Language: sv-SE",
            $"X-MS-Has-Attach: {(pdf is null ? "" : "yes")}",
            "X-MS-TNEF-Correlator:");
        if (pdf is not { } file)
        {
            return headers + Lines($"Content-Type: multipart/alternative;\r\n\tboundary=\"_000_{id}_\"", "MIME-Version: 1.0", "") + alternative;
        }
        return headers + Lines(
            $"Content-Type: multipart/mixed;\r\n\tboundary=\"_004_{id}_\"",
            "MIME-Version: 1.0",
            "",
            $"--_004_{id}_",
            $"Content-Type: multipart/alternative;\r\n\tboundary=\"_000_{id}_\"",
            "",
            alternative,
            $"--_004_{id}_",
            $"Content-Type: application/pdf; name=\"{Q(file.Name, "iso-8859-1")}\"",
            $"Content-Description: {Q(file.Name, "iso-8859-1")}",
            $"Content-Disposition: attachment;\r\n\tfilename=\"{Q(file.Name, "iso-8859-1")}\"; size={file.Bytes.Length};\r\n" +
            "\tcreation-date=\"Mon, 07 Dec 2026 14:11:02 GMT\";\r\n\tmodification-date=\"Mon, 07 Dec 2026 14:11:02 GMT\"",
            "Content-Transfer-Encoding: base64",
            "",
            Base64(file.Bytes) + $"--_004_{id}_--");
    }

    /// <summary>A mail that itself forwards <paramref name="nested"/> as an attachment (what a forward of a forward contains).</summary>
    public static string ForwardingMessage(string from, string subject, string body, string nested, string nestedType = "message/rfc822")
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return Lines(
            $"From: {from}",
            "To: Anna Svensson <anna@contoso.se>",
            $"Subject: {Q(subject, "iso-8859-1")}",
            "Date: Mon, 7 Dec 2026 15:30:00 +0000",
            $"Message-ID: <{id}@AM9PR02MB7412.eurprd02.prod.outlook.com>",
            "Content-Language: sv-SE",
            "X-MS-Has-Attach: yes",
            $"Content-Type: multipart/mixed;\r\n\tboundary=\"_004_{id}_\"",
            "MIME-Version: 1.0",
            "",
            $"--_004_{id}_",
            "Content-Type: text/plain; charset=\"iso-8859-1\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            QuotedPrintable(body + "\n", "iso-8859-1") + $"--_004_{id}_",
            $"Content-Type: {nestedType}",
            "Content-Disposition: attachment",
            "",
            nested,
            $"--_004_{id}_--");
    }

    /// <summary>The outer mail Outlook sends for "Forward as attachment".</summary>
    /// <param name="fileName">The file name Outlook put on the attached message; null: none (Exchange often sends none).</param>
    /// <param name="own">An attachment of the outer mail itself.</param>
    public static byte[] Outlook(string messageId, string subject, string text, string inner, string? fileName = null,
        string? contentLanguage = "sv-SE", (string Name, string Type, byte[] Bytes)? own = null, string innerType = "message/rfc822",
        string from = "Anna Svensson <anna@contoso.se>")
    {
        var b = Guid.NewGuid().ToString("N")[..12];
        var mail = new StringBuilder(Lines(
            $"From: {from}",
            "To: Support <support@servicedesk.local>",
            $"Subject: {Q(subject, "iso-8859-1")}",
            $"Thread-Topic: {Q(subject, "iso-8859-1")}",
            "Thread-Index: AQHbSf3kGh2xv8rU9k2Zm1E0oYt1Qw==",
            $"Date: {Date}",
            $"Message-ID: <{messageId}>",
            "Accept-Language: sv-SE, en-US"));
        if (contentLanguage is not null)
        {
            mail.Append(Lines($"Content-Language: {contentLanguage}"));
        }
        mail.Append(Lines(
            "X-MS-Has-Attach: yes",
            "X-MS-TNEF-Correlator:",
            $"Content-Type: multipart/mixed;\r\n\tboundary=\"_004_{b}_\"",
            "MIME-Version: 1.0",
            "",
            $"--_004_{b}_",
            $"Content-Type: multipart/alternative;\r\n\tboundary=\"_000_{b}_\"",
            "",
            $"--_000_{b}_",
            "Content-Type: text/plain; charset=\"iso-8859-1\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            QuotedPrintable(text + "\n\nMed vänliga hälsningar\nAnna\n", "iso-8859-1") + $"--_000_{b}_",
            "Content-Type: text/html; charset=\"iso-8859-1\"",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            QuotedPrintable(Html(text), "iso-8859-1") + $"--_000_{b}_--",
            "",
            $"--_004_{b}_",
            $"Content-Type: {innerType}",
            fileName is null
                ? "Content-Disposition: attachment"
                : $"Content-Disposition: attachment;\r\n\tfilename=\"{Q(fileName, "iso-8859-1")}\"",
            innerType == "message/global" ? "Content-Transfer-Encoding: 8bit" : "Content-Transfer-Encoding: 7bit",
            "",
            inner));
        if (own is { } file)
        {
            mail.Append(Lines(
                $"--_004_{b}_",
                $"Content-Type: {file.Type}; name=\"{Q(file.Name, "iso-8859-1")}\"",
                $"Content-Description: {Q(file.Name, "iso-8859-1")}",
                $"Content-Disposition: attachment; filename=\"{Q(file.Name, "iso-8859-1")}\"; size={file.Bytes.Length}",
                "Content-Transfer-Encoding: base64",
                "",
                Base64(file.Bytes)));
        }
        mail.Append(Lines($"--_004_{b}_--"));
        return Utf8(mail.ToString());
    }

    /// <summary>The mail Thunderbird sends for Forward > As Attachment: the original as <c>message/rfc822; name="Fwd.eml"</c>.</summary>
    public static byte[] Thunderbird(string messageId, string subject, string text, string inner, bool inline)
    {
        var b = "------------" + Guid.NewGuid().ToString("N")[..24];
        return Utf8(Lines(
            $"Message-ID: <{messageId}>",
            $"Date: {Date}",
            "MIME-Version: 1.0",
            "User-Agent: Mozilla Thunderbird",
            "From: Anna Svensson <anna@contoso.se>",
            $"Subject: {Q(subject)}",
            "To: support@servicedesk.local",
            $"Content-Type: multipart/mixed;\r\n boundary=\"{b}\"",
            "",
            "This is a multi-part message in MIME format.",
            $"--{b}",
            "Content-Type: text/plain; charset=UTF-8; format=flowed",
            "Content-Transfer-Encoding: 8bit",
            "",
            text,
            "",
            $"--{b}",
            "Content-Type: message/rfc822; charset=UTF-8; name=\"Fwd.eml\"",
            inline ? "Content-Disposition: inline" : "Content-Disposition: attachment; filename=\"Fwd.eml\"",
            "Content-Transfer-Encoding: 8bit",
            "",
            inner,
            $"--{b}--"));
    }

    /// <summary>An RFC 6532 message: raw UTF-8 in its headers, as carried by <c>message/global</c>.</summary>
    public static string GlobalMessage(string subject, string body) => Lines(
        "Return-Path: <lena@contoso.se>",
        $"From: {Lena}",
        "To: Anna Svensson <anna@contoso.se>",
        $"Subject: {subject}",
        "Date: Mon, 7 Dec 2026 14:12:00 +0100",
        $"Message-ID: <{NewId()}>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        body);

    private static string Html(string text) =>
        "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\n</head>\n<body>\n" +
        string.Concat(text.Split('\n').Select(l => $"<div>{System.Net.WebUtility.HtmlEncode(l)}</div>\n")) + "</body>\n</html>\n";
}
