using System.Security.Cryptography;
using System.Text;
using static ServiceDesk.IntegrationTests.Mail.Charsets.MailBytes;

namespace ServiceDesk.IntegrationTests.Mail.Charsets;

/// <summary>The mail client a generated message imitates: its headers, MIME structure and default encodings.</summary>
public enum Client { Outlook, Gmail, AppleMail, Thunderbird, OutlookExpress, Eudora, Minimal }

/// <summary>How an attachment's file name is written.</summary>
public enum FileNameStyle
{
    /// <summary><c>name="=?charset?Q?...?="</c> (Outlook, Gmail, Outlook Express).</summary>
    EncodedWord,
    /// <summary><c>filename*=charset''%XX...</c> (Apple Mail).</summary>
    Rfc2231,
    /// <summary><c>filename*0*=charset''...; filename*1*=...</c> (Thunderbird).</summary>
    Rfc2231Continued,
}

public enum Transfer { SevenBit, EightBit, QuotedPrintable, Base64 }

/// <summary>
/// One generated mail and what must come out of it.
/// </summary>
/// <param name="Subject">The decoded subject the parser must give; null when the case is only about the ticket title.</param>
/// <param name="BodyContains">Text the parsed body and the ticket description must contain.</param>
/// <param name="FileName">The decoded attachment file name, when the mail has one.</param>
/// <param name="FromName">The decoded display name of the sender, when the mail has one.</param>
/// <param name="Title">The exact ticket title.</param>
/// <param name="TitlePrefix">Otherwise: the title starts with this.</param>
/// <param name="TitleCutFrom">Otherwise: the title is this (long) subject cut to at most 200 characters, ending with "…".</param>
/// <param name="DescriptionPrefixOf">The description is the first part of this (long) body text.</param>
public sealed record CharsetCase(
    string Name, byte[] Raw, string? Subject, IReadOnlyList<string> BodyContains, string? FileName, string? FromName,
    string? Title = null, string? TitlePrefix = null, string? TitleCutFrom = null, string? DescriptionPrefixOf = null)
{
    public string MessageId => CharsetCorpus.MessageIdOf(Name);
    public string Sender => CharsetCorpus.SenderOf(Name);
    public override string ToString() => Name;
}

/// <summary>
/// A corpus of mails generated from text, byte by byte: sentences in Swedish, Russian, Polish, Chinese, Japanese,
/// Korean and Hebrew, in the charsets, transfer encodings and header shapes that real clients send (Outlook, Gmail,
/// Apple Mail, Thunderbird, Outlook Express, Eudora), plus cases about missing charsets, broken UTF-8, bare LF,
/// size and odd subjects. Every sender is @contoso.se.
/// </summary>
public static class CharsetCorpus
{
    // Swedish, with the windows-1252 C1 characters (curly quotes 0x93/0x94, en dash 0x96, euro 0x80).
    public const string SvBody = "Skrivaren på våning 3 – “Ärendet” kostar 5 € att laga, säger Åsa.";
    public const string SvSubject = "Skrivaren på plan 3 – “trasig” igen";
    // What ISO-8859-1 can hold (no € nor curly quotes), and ISO-8859-15 (€, still no curly quotes or dashes).
    public const string SvLatin1Body = "Skrivaren på våning 3 skriver ut tomma sidor, säger Åsa Öberg.";
    public const string SvLatin1Subject = "Skrivaren på plan 3 är trasig";
    public const string SvLatin9Body = "Tonern till skrivaren på våning 3 kostar 59 € styck, säger Örjan.";
    public const string SvLatin9Subject = "Toner för 59 € på plan 3";

    public const string RuBody = "Принтер на третьем этаже печатает пустые страницы, ёлки-палки.";
    public const string RuSubject = "Принтер не работает";
    public const string RuSubject2 = "Не печатает принтер на третьем этаже";

    public const string PlBody = "Zażółć gęślą jaźń: drukarka na piętrze 3 drukuje puste strony.";
    public const string PlSubject = "Drukarka nie działa";
    public const string PlSubject2 = "Błąd drukarki na piętrze 3";

    public const string ZhBody = "三楼的打印机打印出空白页，请尽快处理。";
    public const string ZhSubject = "打印机故障";
    public const string ZhSubject2 = "三楼打印机不能打印";
    // U+20BB7 is outside GBK: only GB18030 (four bytes) and Unicode hold it.
    public const string Zh18030Body = "三楼的打印机打印出空白页，请联系𠮷田先生处理。";
    // Traditional, for Big5; 功 is A5 5C in Big5 (a backslash as its second byte).
    public const string ZhHantBody = "三樓的印表機列印功能故障，請盡快處理。";
    public const string ZhHantSubject = "印表機無法列印";

    public const string JaBody = "三階のプリンターが白紙を印刷します。至急対応をお願いします。";
    public const string JaSubject = "プリンター故障のお知らせ";
    // 表 is 95 5C and ソ is 83 5C in Shift_JIS.
    public const string JaSubject2 = "ソフトの表示エラーについて";

    public const string KoBody = "3층 프린터가 빈 페이지를 인쇄합니다. 빨리 처리해 주세요.";
    public const string KoSubject = "프린터 고장";
    public const string KoSubject2 = "3층 프린터 인쇄 오류";

    public const string HeBody = "המדפסת בקומה השלישית מדפיסה דפים ריקים.";
    public const string HeSubject = "מדפסת תקולה";

    private static readonly Lazy<IReadOnlyList<CharsetCase>> Built = new(Build);

    public static IReadOnlyList<CharsetCase> All => Built.Value;

    public static CharsetCase Get(string name) => All.Single(c => c.Name == name);

    public static TheoryData<string> Names() => new(All.Select(c => c.Name));

    public static string MessageIdOf(string name) => $"charsets.{name}.{Hash(name)[..8]}@contoso.se";

    public static string SenderOf(string name) => name.Replace('_', '-') + "@contoso.se";

    /// <summary>The charsets the corpus declares (labels as written in the mails), for the coverage check.</summary>
    public static IReadOnlyList<string> Labels => Specs().Select(s => s.Charset).Distinct().ToList();

    private static IReadOnlyList<CharsetCase> Build() => Specs().Select(s => s.ToCase()).Concat(Specials()).ToList();

    private static IEnumerable<Spec> Specs()
    {
        // Swedish
        yield return new("sv-outlook-windows-1252-qp", Client.Outlook, "windows-1252", "sv", SvSubject, SvBody)
            { FromName = "Åsa “Kundtjänst” Öberg", FileName = "Felrapport – våning 3.pdf" };
        yield return new("sv-outlook-cp1252-alias-base64", Client.Outlook, "cp1252", "sv", "Kaffeautomaten – “Tom” igen", SvBody)
            { EncodingName = "windows-1252", Transfer = Transfer.Base64, FromName = "Märta Ågren" };
        yield return new("sv-eudora-iso-8859-1-8bit", Client.Eudora, "iso-8859-1", "sv", SvLatin1Subject, SvLatin1Body)
            { FromName = "Björn Ängström", FileName = "Skärmdump från kön.png", NameStyle = FileNameStyle.Rfc2231 };
        yield return new("sv-thunderbird-iso-8859-15-8bit", Client.Thunderbird, "iso-8859-15", "sv", SvLatin9Subject, SvLatin9Body)
            { FromName = "Örjan Ekström", FileName = "Offert för toner à 59 €.pdf" };
        yield return new("sv-apple-utf-8-qp", Client.AppleMail, "utf-8", "sv", SvSubject, SvBody)
            { FromName = "Åsa Öberg", FileName = "Skärmbild 2025-03-04 kl. 09.15.png" };
        yield return new("sv-gmail-utf-8-base64", Client.Gmail, "UTF-8", "sv", "Kvitto för “Ärende” – mars", SvBody)
            { FromName = "Åke Nilsson", FileName = "Kvitto – “Ärende”.pdf" };

        // Russian
        yield return new("ru-outlook-express-koi8-r-8bit", Client.OutlookExpress, "koi8-r", "ru", RuSubject, RuBody)
            { FromName = "Иван Петров", FileName = "Отчёт об ошибке.txt" };
        yield return new("ru-outlook-windows-1251-qp", Client.Outlook, "windows-1251", "ru", RuSubject2, RuBody)
            { FromName = "Мария Смирнова", FileName = "Скриншот экрана.png" };
        yield return new("ru-thunderbird-iso-8859-5-8bit", Client.Thunderbird, "iso-8859-5", "ru", RuSubject, RuBody)
            { FromName = "Ольга Кузнецова", FileName = "Журнал ошибок принтера.log" };
        yield return new("ru-gmail-utf-8-qp", Client.Gmail, "UTF-8", "ru", RuSubject2, RuBody)
            { Transfer = Transfer.QuotedPrintable, FromName = "Дмитрий Соколов", FileName = "Отчёт об ошибке.txt" };
        yield return new("ru-eudora-windows-1251-8bit", Client.Eudora, "windows-1251", "ru", RuSubject, RuBody)
            { FromName = "Сергей Волков" };

        // Polish
        yield return new("pl-outlook-iso-8859-2-qp", Client.Outlook, "iso-8859-2", "pl", PlSubject, PlBody)
            { FromName = "Łukasz Żółkiewski", FileName = "Zgłoszenie błędu.pdf" };
        yield return new("pl-thunderbird-windows-1250-8bit", Client.Thunderbird, "windows-1250", "pl", PlSubject2, PlBody)
            { FromName = "Małgorzata Wąsik", FileName = "Zrzut ekranu – piętro 3.png" };
        yield return new("pl-apple-utf-8-qp", Client.AppleMail, "utf-8", "pl", PlSubject2, PlBody)
            { FromName = "Paweł Ślęzak", FileName = "Zgłoszenie błędu.pdf" };

        // Chinese
        yield return new("zh-outlook-gb2312-base64", Client.Outlook, "gb2312", "zh", ZhSubject, ZhBody)
            { Transfer = Transfer.Base64, WordMode = 'B', FromName = "王小明", FileName = "错误报告.docx" };
        yield return new("zh-thunderbird-gbk-8bit", Client.Thunderbird, "gbk", "zh", ZhSubject2, ZhBody)
            { FromName = "李娜", FileName = "打印机日志与错误报告.txt" };
        yield return new("zh-gmail-gb18030-base64", Client.Gmail, "GB18030", "zh", ZhSubject2, Zh18030Body)
            { FromName = "𠮷田明", FileName = "错误报告.docx" };
        yield return new("zh-hant-outlook-express-big5-8bit", Client.OutlookExpress, "big5", "zh-hant", ZhHantSubject, ZhHantBody)
            { FromName = "陳美玲", FileName = "錯誤報告與功能表.docx" };
        yield return new("zh-apple-utf-8-qp", Client.AppleMail, "utf-8", "zh", ZhSubject, ZhBody)
            { FromName = "王小明", FileName = "打印机日志.txt" };

        // Japanese
        yield return new("ja-outlook-iso-2022-jp-7bit", Client.Outlook, "iso-2022-jp", "ja", JaSubject, JaBody)
            { Transfer = Transfer.SevenBit, WordMode = 'B', FromName = "山田太郎", FileName = "エラー報告.xlsx" };
        yield return new("ja-thunderbird-shift_jis-8bit", Client.Thunderbird, "Shift_JIS", "ja", JaSubject2, JaBody)
            { EncodingName = "shift_jis", FromName = "佐藤花子", FileName = "ソフト表示エラー.png" };
        yield return new("ja-outlook-express-x-sjis-alias-base64", Client.OutlookExpress, "x-sjis", "ja", JaSubject2, JaBody)
            { EncodingName = "shift_jis", Transfer = Transfer.Base64, FromName = "鈴木一郎", FileName = "エラー表.xlsx" };
        yield return new("ja-eudora-euc-jp-8bit", Client.Eudora, "euc-jp", "ja", JaSubject, JaBody)
            { FromName = "高橋美咲", FileName = "エラー報告.xlsx", NameStyle = FileNameStyle.Rfc2231 };
        yield return new("ja-gmail-utf-8-base64", Client.Gmail, "UTF-8", "ja", JaSubject2, JaBody)
            { FromName = "山田太郎", FileName = "ソフト表示エラー.png" };

        // Korean
        yield return new("ko-outlook-ks_c_5601-1987-base64", Client.Outlook, "ks_c_5601-1987", "ko", KoSubject, KoBody)
            { Transfer = Transfer.Base64, WordMode = 'B', FromName = "김민준", FileName = "오류 보고서.pdf" };
        yield return new("ko-thunderbird-euc-kr-8bit", Client.Thunderbird, "euc-kr", "ko", KoSubject2, KoBody)
            { FromName = "이서연", FileName = "프린터 로그 파일.txt" };
        yield return new("ko-gmail-utf-8-qp", Client.Gmail, "UTF-8", "ko", KoSubject2, KoBody)
            { Transfer = Transfer.QuotedPrintable, FromName = "박지훈", FileName = "오류 보고서.pdf" };

        // Hebrew, with the logical-order alias Outlook writes.
        yield return new("he-outlook-iso-8859-8-i-qp", Client.Outlook, "iso-8859-8-i", "he", HeSubject, HeBody)
            { FromName = "דוד כהן", FileName = "דוח תקלה.pdf" };

        // UTF-7, as old Exchange / Outlook Express wrote it: the body labelled unicode-1-1-utf-7, headers utf-7.
        yield return new("sv-outlook-express-utf-7", Client.OutlookExpress, "unicode-1-1-utf-7", "sv", SvSubject, SvBody)
            { EncodingName = "utf-7", HeaderCharset = "utf-7", Transfer = Transfer.SevenBit, WordMode = 'Q', FromName = "Åsa Öberg" };

        // Bare LF line ends throughout (mail saved or relayed by Unix tools), multipart and single part.
        yield return new("bare-lf-gmail-utf-8-multipart", Client.Gmail, "UTF-8", "sv", SvSubject, SvBody)
            { BareLf = true, Transfer = Transfer.QuotedPrintable, FromName = "Åsa Öberg", FileName = "Kvitto – “Ärende”.pdf" };
        yield return new("bare-lf-outlook-express-koi8-r", Client.OutlookExpress, "koi8-r", "ru", RuSubject, RuBody)
            { BareLf = true, FromName = "Иван Петров", FileName = "Отчёт об ошибке.txt" };
        yield return new("bare-lf-outlook-windows-1252", Client.Outlook, "windows-1252", "sv", SvSubject, SvBody)
            { BareLf = true, FromName = "Åsa “Kundtjänst” Öberg", FileName = "Felrapport – våning 3.pdf" };
    }

    private static IEnumerable<CharsetCase> Specials()
    {
        // A text part with no charset at all, bytes that are valid UTF-8: decoded as UTF-8.
        var utf8 = new Spec("no-charset-utf-8-8bit", Client.Minimal, "utf-8", "sv", SvLatin1Subject, SvBody) { NoCharset = true };
        yield return utf8.ToCase();

        // No charset, windows-1252 bytes (0x93/0x94 curly quotes, 0x96 en dash, 0x80 euro): decoded as windows-1252.
        yield return new Spec("no-charset-windows-1252-8bit", Client.Minimal, "windows-1252", "sv", SvLatin1Subject, SvBody)
            { NoCharset = true, FromName = "Åsa Öberg" }.ToCase();
        yield return new Spec("no-charset-windows-1252-outlook-express", Client.OutlookExpress, "windows-1252", "sv", SvSubject, SvBody)
            { NoCharset = true, FromName = "Åsa “Kundtjänst” Öberg" }.ToCase();
        // No MIME headers at all (RFC 822 with 8-bit windows-1252 text, as old gateways pass it on).
        yield return new Spec("no-mime-headers-windows-1252", Client.Minimal, "windows-1252", "sv", SvLatin1Subject, SvBody)
            { NoMime = true }.ToCase();

        // Declared UTF-8 with invalid bytes in the middle: still a ticket, U+FFFD for the bad bytes, the rest intact.
        const string before = "Skrivaren på våning 3 fungerar inte.";
        const string after = "Det är slut på toner i kön.";
        var broken = Concat(Encoding.UTF8.GetBytes("Hej!\n\n" + before + "\nFelkod: "), [0xC3, 0x28, 0xFF, 0xFE, 0xE2, 0x82],
            Encoding.UTF8.GetBytes(" \n" + after + "\n\nMvh Åsa\n"));
        yield return new Spec("utf-8-declared-with-invalid-bytes", Client.Thunderbird, "UTF-8", "sv", SvLatin1Subject, before)
            { BodyBytes = broken, BodyContainsOverride = [before, after, "\uFFFD"] }.ToCase();

        // A 5 MB body: the ticket is created and its description is the first part of the text.
        var large = new StringBuilder(SvBody).Append('\n');
        for (var line = 1; large.Length < 5 * 1024 * 1024; line++)
        {
            large.Append("Rad ").Append(line).Append(": skrivaren på våning 3 skriver ut tomma sidor igen och igen.\n");
        }
        var largeText = large.ToString().TrimEnd();
        yield return new Spec("large-5-mb-body-utf-8-8bit", Client.Thunderbird, "UTF-8", "sv", SvSubject, SvBody)
            { BodyText = largeText } .ToCase() with { DescriptionPrefixOf = largeText };

        // A 400-character subject, in encoded words folded over many lines: the title is cut to 200 with "…".
        var longSubject = string.Concat(Enumerable.Repeat("Skrivaren på våning 3 skriver ut tomma sidor – ", 9))[..400];
        yield return new Spec("subject-of-400-characters", Client.AppleMail, "utf-8", "sv", longSubject, SvBody)
            .ToCase() with { Title = null, TitleCutFrom = longSubject };

        // An empty Subject header, and none at all: the title is made from the first words of the body.
        const string dockBody = "Skärmen flimrar när dockan ansluts, både på våning 3 och 4.";
        yield return new Spec("empty-subject", Client.Gmail, "UTF-8", "sv", "", dockBody) { FromName = "Åsa Öberg", BodyText = dockBody + "\n\nMvh Åsa" }
            .ToCase() with { Title = null, TitlePrefix = "Skärmen" };
        const string networkBody = "Nätverket på våning 3 – “Gäst” – tappar anslutningen.";
        yield return new Spec("missing-subject-windows-1252", Client.Outlook, "windows-1252", "sv", "", networkBody) { NoSubject = true, BodyText = networkBody }
            .ToCase() with { Title = null, TitlePrefix = "Nätverket" };

        // Raw control characters inside an encoded word: the title is the text without them.
        var controls = "=?utf-8?Q?Skriv=01aren_p=C3=A5_plan=1B_3=07?=";
        yield return new Spec("subject-with-control-characters", Client.AppleMail, "utf-8", "sv", "Skrivaren på plan 3", SvBody) { SubjectHeader = controls }
            .ToCase() with { Subject = null };
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    internal static string Hash(string s) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(s))).ToLowerInvariant();

    /// <summary>A case described by its language, charset and client; <see cref="ToCase"/> writes the bytes.</summary>
    private sealed record Spec(string Name, Client Client, string Charset, string Lang, string Subject, string Sentence)
    {
        /// <summary>The .NET encoding that writes <see cref="Charset"/> (for aliases such as x-sjis or cp1252).</summary>
        public string? EncodingName { get; init; }
        /// <summary>The label of the encoded words in headers, when it differs from the body's.</summary>
        public string? HeaderCharset { get; init; }
        public Transfer? Transfer { get; init; }
        public char? WordMode { get; init; }
        public string? FromName { get; init; }
        public string? FileName { get; init; }
        public FileNameStyle? NameStyle { get; init; }
        public bool BareLf { get; init; }
        public bool NoCharset { get; init; }
        public bool NoMime { get; init; }
        public bool NoSubject { get; init; }
        /// <summary>The Subject value as written (already encoded), instead of encoding <see cref="Subject"/>.</summary>
        public string? SubjectHeader { get; init; }
        /// <summary>The whole body text, instead of greeting + sentence + closing.</summary>
        public string? BodyText { get; init; }
        /// <summary>The body bytes as sent (8bit), instead of encoding the text.</summary>
        public byte[]? BodyBytes { get; init; }
        public IReadOnlyList<string>? BodyContainsOverride { get; init; }

        private string Enc => EncodingName ?? Charset;
        private string HeaderLabel => HeaderCharset ?? Charset;
        private string HeaderEnc => HeaderCharset ?? Enc;

        private char Mode => WordMode ?? Client switch
        {
            Client.Outlook or Client.AppleMail or Client.Eudora or Client.Minimal => 'Q',
            _ => 'B',
        };

        private Transfer Cte => Transfer ?? Client switch
        {
            Client.Outlook or Client.AppleMail => Charsets.Transfer.QuotedPrintable,
            Client.Gmail => Charsets.Transfer.Base64,
            _ => Charsets.Transfer.EightBit,
        };

        private FileNameStyle Style => NameStyle ?? Client switch
        {
            Client.AppleMail => FileNameStyle.Rfc2231,
            Client.Thunderbird => FileNameStyle.Rfc2231Continued,
            _ => FileNameStyle.EncodedWord,
        };

        private string Text => BodyText ?? $"{Greeting(Lang)}\n\n{Sentence}\n\n{Closing(Lang)}\n{FromName ?? ""}".TrimEnd();

        public CharsetCase ToCase()
        {
            var raw = Write();
            return new CharsetCase(Name, BareLf ? raw : Crlf(raw), NoSubject ? "" : Subject, BodyContainsOverride ?? [Sentence],
                FileName, FromName, Title: NoSubject ? null : Subject);
        }

        private string Header(string text) =>
            text.All(c => c is >= ' ' and <= '~') ? text : EncodedWords(text, HeaderLabel, Mode, HeaderEnc);

        private byte[] Write()
        {
            var h = new StringBuilder();
            var from = FromName is null ? $"<{SenderOf(Name)}>" : $"{Header(FromName)} <{SenderOf(Name)}>";
            var subject = SubjectHeader ?? (Subject.Length == 0 ? "" : Header(Subject));
            var messageId = MessageIdOf(Name);
            void Subject_(string field)
            {
                if (!NoSubject)
                {
                    h.Append(field).Append(": ").Append(subject).Append('\n');
                }
            }
            switch (Client)
            {
                case Client.Outlook:
                    h.Append($"From: {from}\nTo: Servicedesk <support@servicedesk.local>\n");
                    Subject_("Subject");
                    Subject_("Thread-Topic");
                    h.Append($"Thread-Index: AdmO{Hash(Name)[..20]}q3Jc1bZ8p2X1Sw==\n");
                    h.Append("Date: Tue, 4 Mar 2025 09:15:02 +0100\n");
                    h.Append($"Message-ID: <{messageId}>\n");
                    h.Append("Accept-Language: sv-SE, en-US\n");
                    h.Append($"X-MS-Has-Attach: {(FileName is null ? "" : "yes")}\n");
                    h.Append("X-MS-TNEF-Correlator:\n");
                    h.Append("X-Mailer: Microsoft Outlook 16.0\n");
                    h.Append("MIME-Version: 1.0\n");
                    break;
                case Client.Gmail:
                    h.Append("MIME-Version: 1.0\n");
                    h.Append("Date: Tue, 4 Mar 2025 09:15:02 +0100\n");
                    h.Append($"Message-ID: <{messageId}>\n");
                    Subject_("Subject");
                    h.Append($"From: {from}\nTo: support@servicedesk.local\n");
                    break;
                case Client.AppleMail:
                    h.Append($"From: {from}\n");
                    h.Append("Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3731.500.231\\))\n");
                    Subject_("Subject");
                    h.Append("Date: Tue, 4 Mar 2025 09:15:02 +0100\n");
                    h.Append($"Message-Id: <{messageId}>\n");
                    h.Append("To: support@servicedesk.local\n");
                    h.Append("X-Mailer: Apple Mail (2.3731.500.231)\n");
                    break;
                case Client.Thunderbird:
                    h.Append($"Message-ID: <{messageId}>\n");
                    h.Append("Date: Tue, 4 Mar 2025 09:15:02 +0100\n");
                    h.Append("MIME-Version: 1.0\n");
                    h.Append("User-Agent: Mozilla Thunderbird\n");
                    h.Append("Content-Language: sv-SE\n");
                    h.Append("To: support@servicedesk.local\n");
                    h.Append($"From: {from}\n");
                    Subject_("Subject");
                    break;
                case Client.OutlookExpress:
                    h.Append($"Message-ID: <{messageId}>\n");
                    h.Append($"From: {from}\n");
                    h.Append("To: <support@servicedesk.local>\n");
                    Subject_("Subject");
                    h.Append("Date: Tue, 4 Mar 2025 09:15:02 +0300\n");
                    h.Append("MIME-Version: 1.0\n");
                    h.Append("X-Priority: 3\nX-MSMail-Priority: Normal\n");
                    h.Append("X-Mailer: Microsoft Outlook Express 6.00.2900.5512\n");
                    h.Append("X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2900.5512\n");
                    break;
                case Client.Eudora:
                    h.Append("X-Mailer: QUALCOMM Windows Eudora Version 7.1.0.9\n");
                    h.Append("Date: Tue, 04 Mar 2025 09:15:02 +0300\n");
                    h.Append("To: support@servicedesk.local\n");
                    h.Append($"From: {from}\n");
                    Subject_("Subject");
                    h.Append("Mime-Version: 1.0\n");
                    h.Append($"Message-ID: <{messageId}>\n");
                    break;
                case Client.Minimal:
                    h.Append($"From: {from}\nTo: support@servicedesk.local\n");
                    Subject_("Subject");
                    h.Append($"Date: Tue, 4 Mar 2025 09:15:02 +0100\nMessage-ID: <{messageId}>\n");
                    if (!NoMime)
                    {
                        h.Append("MIME-Version: 1.0\n");
                    }
                    break;
            }

            var output = new MemoryStream();
            output.Write(Ascii(h.ToString()));
            if (NoMime)
            {
                output.Write("\n"u8);
                output.Write(BodyBytes ?? Strict(Enc).GetBytes(Text + "\n"));
                return output.ToArray();
            }
            var (mixed, alternative) = Boundaries();
            var html = Client is Client.Outlook or Client.Gmail;
            if (FileName is not null)
            {
                output.Write(Ascii($"Content-Type: multipart/mixed;\n\tboundary=\"{mixed}\"\n\n"));
                if (Client is Client.Outlook or Client.OutlookExpress)
                {
                    output.Write("This is a multi-part message in MIME format.\n\n"u8);
                }
                output.Write(Ascii($"--{mixed}\n"));
            }
            if (html)
            {
                output.Write(Ascii($"Content-Type: multipart/alternative;\n\tboundary=\"{alternative}\"\n\n--{alternative}\n"));
                WritePart(output, "text/plain", TextBytes());
                output.Write(Ascii($"\n--{alternative}\n"));
                WritePart(output, "text/html", Strict(Enc).GetBytes(Html()));
                output.Write(Ascii($"\n--{alternative}--\n"));
            }
            else
            {
                WritePart(output, "text/plain", TextBytes());
            }
            if (FileName is not null)
            {
                output.Write(Ascii($"\n--{mixed}\n"));
                output.Write(Ascii(AttachmentHeaders()));
                output.Write(Ascii("\n" + Base64(AttachmentContent(FileName))));
                output.Write(Ascii($"\n--{mixed}--\n"));
            }
            return output.ToArray();
        }

        private byte[] TextBytes() => BodyBytes ?? Strict(Enc).GetBytes(Text + "\n");

        private string Html() =>
            $"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset={Charset}\"></head>\n<body>\n" +
            string.Concat(Text.Split('\n').Select(l => $"<div>{(l.Length == 0 ? "<br>" : l.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;"))}</div>\n")) +
            "</body></html>\n";

        private void WritePart(MemoryStream output, string type, byte[] bytes)
        {
            var charset = NoCharset ? "" : Client switch
            {
                Client.AppleMail or Client.Thunderbird => $"; charset={Charset}",
                Client.OutlookExpress => $";\n\tcharset=\"{Charset}\"",
                _ => $"; charset=\"{Charset}\"",
            };
            var flowed = type == "text/plain" && Client is Client.Thunderbird or Client.Eudora ? "; format=flowed" : "";
            var cte = Cte switch
            {
                Charsets.Transfer.SevenBit => "7bit",
                Charsets.Transfer.EightBit => "8bit",
                Charsets.Transfer.QuotedPrintable => "quoted-printable",
                _ => "base64",
            };
            var contentType = $"Content-Type: {type}{charset}{flowed}\n";
            var transfer = $"Content-Transfer-Encoding: {cte}\n";
            output.Write(Ascii(Client == Client.AppleMail ? transfer + contentType + "\n" : contentType + transfer + "\n"));
            switch (Cte)
            {
                case Charsets.Transfer.QuotedPrintable:
                    output.Write(Ascii(QuotedPrintable(bytes)));
                    break;
                case Charsets.Transfer.Base64:
                    output.Write(Ascii(Base64(bytes)));
                    break;
                default:
                    output.Write(bytes);
                    break;
            }
        }

        private string AttachmentHeaders()
        {
            var (type, _) = ContentTypeOf(FileName!);
            var label = HeaderLabel;
            var enc = HeaderEnc;
            var word = Word(FileName!, label, Mode, Strict(enc));
            return (Style, Client) switch
            {
                (FileNameStyle.EncodedWord, Client.Gmail) =>
                    $"Content-Type: {type}; name=\"{word}\"\nContent-Disposition: attachment; filename=\"{word}\"\n" +
                    $"Content-Transfer-Encoding: base64\nContent-ID: <f_m7x{Hash(Name)[..6]}0>\nX-Attachment-Id: f_m7x{Hash(Name)[..6]}0\n",
                (FileNameStyle.EncodedWord, _) =>
                    $"Content-Type: {type};\n\tname=\"{word}\"\nContent-Transfer-Encoding: base64\n" +
                    $"Content-Disposition: attachment;\n\tfilename=\"{word}\"\n",
                (FileNameStyle.Rfc2231, _) =>
                    $"Content-Disposition: attachment;\n\t{Rfc2231("filename", FileName!, label, enc)}\n" +
                    $"Content-Type: {type};\n\tx-unix-mode=0644;\n\tname=\"{word}\"\nContent-Transfer-Encoding: base64\n",
                (FileNameStyle.Rfc2231Continued, _) =>
                    $"Content-Type: {type};\n {Rfc2231Continued("name", FileName!, label, enc)}\n" +
                    $"Content-Disposition: attachment;\n {Rfc2231Continued("filename", FileName!, label, enc)}\n" +
                    "Content-Transfer-Encoding: base64\n",
                _ => throw new InvalidOperationException(),
            };
        }

        private (string Mixed, string Alternative) Boundaries()
        {
            var h = Hash(Name);
            return Client switch
            {
                Client.Outlook => ($"----=_NextPart_000_0011_{h[..8].ToUpperInvariant()}.2A3B4C50", $"----=_NextPart_001_0012_{h[..8].ToUpperInvariant()}.2A3B4C50"),
                Client.Gmail => ($"000000000000{h[..16]}", $"000000000000{h[16..32]}"),
                Client.AppleMail => ($"Apple-Mail=_{h[..8].ToUpperInvariant()}-1C3D-4E5F-A6B7-C8D9E0F1A2B3", ""),
                Client.Thunderbird => ($"------------{h[..24]}", ""),
                Client.OutlookExpress => ($"----=_NextPart_000_0007_{h[..8].ToUpperInvariant()}.3C4D5E60", ""),
                _ => ($"=====================_{h[..8]}==_", ""),
            };
        }
    }

    public static (string Type, string Extension) ContentTypeOf(string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        return (extension switch
        {
            ".pdf" => "application/pdf",
            ".png" => "image/png",
            ".txt" or ".log" => "text/plain",
            ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _ => "application/octet-stream",
        }, extension);
    }

    public static byte[] AttachmentContent(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".pdf" => "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"u8.ToArray(),
        ".png" => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgAAACAAEA4iG8MwAAAABJRU5ErkJggg=="),
        ".txt" or ".log" => "2025-03-04 09:14:58 printer offline (paper jam, tray 2)\n"u8.ToArray(),
        _ => [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00, 0x21, 0x00],
    };

    private static string Greeting(string lang) => lang switch
    {
        "ru" => "Здравствуйте!",
        "pl" => "Dzień dobry,",
        "zh" or "zh-hant" => "您好：",
        "ja" => "お世話になっております。",
        "ko" => "안녕하세요.",
        "he" => "שלום,",
        _ => "Hej!",
    };

    private static string Closing(string lang) => lang switch
    {
        "ru" => "С уважением,",
        "pl" => "Pozdrawiam,",
        "zh" => "谢谢！",
        "zh-hant" => "謝謝！",
        "ja" => "よろしくお願いいたします。",
        "ko" => "감사합니다.",
        "he" => "תודה,",
        _ => "Med vänliga hälsningar",
    };
}
