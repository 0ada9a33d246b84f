using ServiceDesk.Application.Tickets;

namespace ServiceDesk.UnitTests.Tickets;

public sealed class AttachmentRulesTests
{
    [Theory]
    [InlineData("rapport.pdf", "rapport.pdf")]
    [InlineData("C:\\Users\\anna\\skärmbild.png", "skärmbild.png")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\web.config", "web.config")]
    [InlineData("a\u0000b\r\nc.txt", "abc.txt")]
    [InlineData("\"<fil>\"?.txt", "fil.txt")]
    [InlineData(".bashrc", "bashrc")]
    public void A_file_name_keeps_its_last_segment_without_control_or_reserved_characters(string name, string expected) =>
        Assert.Equal(expected, AttachmentRules.CleanFileName(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("../")]
    [InlineData("...")]
    public void A_name_with_nothing_left_is_refused(string? name) => Assert.Null(AttachmentRules.CleanFileName(name));

    [Fact]
    public void A_long_name_is_cut_to_the_limit_keeping_its_extension()
    {
        var clean = AttachmentRules.CleanFileName(new string('x', 300) + ".docx")!;
        Assert.Equal(AttachmentRules.MaxFileNameLength, clean.Length);
        Assert.EndsWith(".docx", clean);
    }

    [Theory]
    [InlineData("image/PNG", "image/png")]
    [InlineData("text/plain; charset=utf-8", "text/plain")]
    [InlineData("text/html", null)]
    [InlineData("image/svg+xml", null)]
    [InlineData("application/octet-stream", null)]
    [InlineData(null, null)]
    public void Only_listed_content_types_are_allowed(string? contentType, string? expected) =>
        Assert.Equal(expected, AttachmentRules.Allowed(contentType));
}
