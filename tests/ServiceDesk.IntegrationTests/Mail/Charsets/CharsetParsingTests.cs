using ServiceDesk.Infrastructure.Mail;

namespace ServiceDesk.IntegrationTests.Mail.Charsets;

/// <summary>
/// The generated charset corpus (<see cref="CharsetCorpus"/>) through <see cref="MimeMailParser"/> alone: no storage,
/// milliseconds per case. What the ticket makes of titles (cut, placeholder, control characters) is checked in
/// <see cref="CharsetIngestionTests"/>.
/// </summary>
public sealed class CharsetParsingTests
{
    public static TheoryData<string> Cases() => CharsetCorpus.Names();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Subject_body_sender_name_and_attachment_name_decode_to_the_text_that_was_written(string name)
    {
        var c = CharsetCorpus.Get(name);

        var mail = new MimeMailParser().Parse(c.Raw);

        Assert.Equal(c.Sender, mail.FromAddress);
        Assert.Equal(c.MessageId, mail.MessageId);
        if (c.Subject is not null)
        {
            Assert.Equal(c.Subject, mail.Subject);
        }
        foreach (var text in c.BodyContains)
        {
            Assert.Contains(text, mail.Text);
        }
        if (c.FromName is not null)
        {
            Assert.Equal(c.FromName, mail.FromName);
        }
        if (c.FileName is not null)
        {
            var attachment = Assert.Single(mail.Attachments);
            Assert.Equal(c.FileName, attachment.FileName);
            Assert.Equal(CharsetCorpus.AttachmentContent(c.FileName), attachment.Content);
        }
        else
        {
            Assert.Empty(mail.Attachments);
        }
        Assert.DoesNotContain(mail.Text, ch => char.IsControl(ch) && ch is not ('\n' or '\r' or '\t'));
    }

    [Fact]
    public void The_corpus_covers_the_charsets_clients_send_and_every_case_is_well_formed()
    {
        var labels = CharsetCorpus.Labels.Select(l => l.ToLowerInvariant()).ToHashSet();
        string[] required =
        [
            "windows-1252", "iso-8859-1", "iso-8859-15", "utf-8", "koi8-r", "windows-1251", "iso-8859-5", "iso-8859-2", "windows-1250",
            "gb2312", "gbk", "gb18030", "big5", "iso-2022-jp", "shift_jis", "euc-jp", "ks_c_5601-1987", "euc-kr",
            "x-sjis", "cp1252", "iso-8859-8-i", "unicode-1-1-utf-7",
        ];
        var missing = required.Where(r => !labels.Contains(r)).ToList();
        Assert.True(missing.Count == 0, "charsets missing from the corpus: " + string.Join(", ", missing));
        var all = CharsetCorpus.All;
        Assert.True(all.Count >= 40, $"{all.Count} cases");
        Assert.Equal(all.Count, all.Select(c => c.Name).Distinct().Count());
        Assert.Equal(all.Count, all.Select(c => c.MessageId).Distinct().Count());
        Assert.All(all, c => Assert.True(c.Title is not null || c.TitlePrefix is not null || c.TitleCutFrom is not null, c.Name));
        // The bare-LF cases have no CR at all, the others none without its LF.
        Assert.All(all.Where(c => c.Name.StartsWith("bare-lf-")), c => Assert.DoesNotContain((byte)'\r', c.Raw));
        Assert.All(all.Where(c => !c.Name.StartsWith("bare-lf-")), c =>
            Assert.Equal(c.Raw.Count(b => b == '\n'), c.Raw.Where((b, i) => b == '\n' && i > 0 && c.Raw[i - 1] == '\r').Count()));
        Assert.True(CharsetCorpus.Get("large-5-mb-body-utf-8-8bit").Raw.Length >= 5 * 1024 * 1024);
    }
}
