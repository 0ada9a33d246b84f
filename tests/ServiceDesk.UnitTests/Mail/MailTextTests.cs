using ServiceDesk.Domain.Mail;
using ServiceDesk.Infrastructure.Mail;

namespace ServiceDesk.UnitTests.Mail;

public sealed class MailTextTests
{
    [Theory]
    [InlineData("a\u0001b\u001bc\u007fd", "abcd")]
    [InlineData("line1\r\nline2\rline3\n", "line1\nline2\nline3\n")]
    [InlineData("tab\there", "tab\there")]
    [InlineData("\u0093quoted\u0094 \u0096 \u0080", "“quoted” – €")]
    [InlineData("\uFEFFstart", "start")]
    public void Clean_removes_control_characters_maps_C1_to_windows_1252_and_keeps_pairs(string input, string expected) =>
        Assert.Equal(expected, MailText.Clean(input));

    [Fact]
    public void Clean_drops_a_lone_surrogate_and_keeps_a_pair() =>
        Assert.Equal("lone  surrogate 😀", MailText.Clean("lone " + (char)0xD800 + " surrogate 😀"));

    [Fact]
    public void Cut_keeps_short_text_and_cuts_long_text_at_a_word_with_an_ellipsis()
    {
        Assert.Equal("kort", MailText.Cut("kort", 10));
        var cut = MailText.Cut(string.Join(' ', Enumerable.Repeat("ordet", 100)), 200);
        Assert.True(cut.Length <= 200, cut.Length.ToString());
        Assert.EndsWith("ordet…", cut);
    }

    [Fact]
    public void A_title_from_the_body_takes_its_first_line_that_is_not_a_quote()
    {
        Assert.Equal("Skrivaren på plan 3 fungerar inte", MailText.TitleFromBody("\n\n> citat\nSkrivaren på plan 3   fungerar inte\nMvh", 200));
        Assert.Null(MailText.TitleFromBody(" \n\t", 200));
    }

    [Theory]
    [InlineData("gb2312", 54936)]
    [InlineData("GBK", 54936)]
    [InlineData("euc-kr", 949)]
    [InlineData("ks_c_5601-1987", 949)]
    [InlineData("iso-8859-1", 1252)]
    [InlineData("x-sjis", 932)]
    [InlineData("\"windows-1251\"", 1251)]
    [InlineData("unicode-1-1-utf-7", 65000)]
    [InlineData("iso-8859-8-i", 38598)]
    public void Charset_labels_clients_write_resolve_to_the_decoder_for_them(string label, int codePage) =>
        Assert.Equal(codePage, MailEncodings.Resolve(label)!.CodePage);

    [Fact]
    public void A_text_without_charset_is_UTF8_when_valid_else_windows_1252_and_bad_UTF8_becomes_replacement_characters()
    {
        Assert.Equal("Åsa", MailEncodings.DecodeText("Åsa"u8.ToArray(), null));
        Assert.Equal("“x” €", MailEncodings.DecodeText([0x93, 0x78, 0x94, 0x20, 0x80], null));
        Assert.Equal("a\uFFFDb", MailEncodings.DecodeText([0x61, 0xC3, 0x62], "utf-8"));
        Assert.Null(MailEncodings.Resolve("x-no-such-charset"));
    }
}
