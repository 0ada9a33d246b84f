using ServiceDesk.Domain.Mail;

namespace ServiceDesk.UnitTests.Mail;

public sealed class ReplyStripperTests
{
    [Theory]
    [InlineData("Fixed now.\n\n-----Original Message-----\nFrom: ServiceDesk\nSent: Monday\n\nold text", "Fixed now.")]
    [InlineData("Löst nu.\n\n-----Ursprungligt meddelande-----\nFrån: ServiceDesk\n\ngammal text", "Löst nu.")]
    [InlineData("Thanks!\n\nOn Tue, 4 Mar 2025 at 10:02, ServiceDesk <support@x.se> wrote:\n> old", "Thanks!")]
    [InlineData("Thanks!\n\nOn Tue, 4 Mar 2025 at 10:02, ServiceDesk <support@x.se>\nwrote:\n> old", "Thanks!")]
    [InlineData("Tack!\n\nDen tis 4 mars 2025 kl 10:02 skrev ServiceDesk <support@x.se>:\n> gammalt", "Tack!")]
    [InlineData("Tack!\n\n4 mars 2025 kl. 10:02 skrev ServiceDesk <support@x.se>:\n\n> gammalt", "Tack!")]
    [InlineData("Still broken.\n\nFrom: ServiceDesk <support@x.se>\nSent: Tuesday, March 4, 2025 9:02 AM\nTo: Anna\nSubject: [INC-000001]\n\nold", "Still broken.")]
    [InlineData("Fortfarande trasig.\n\nFrån: ServiceDesk <support@x.se>\nSkickat: den 4 mars 2025 09:02\nTill: Anna\nÄmne: x\n\ngammalt", "Fortfarande trasig.")]
    [InlineData("Yes.\n________________________________\nFrom: ServiceDesk\nSent: x", "Yes.")]
    [InlineData("Works.\n\n-- \nAnna Svensson\n08-123 45 67", "Works.")]
    [InlineData("Works.\n\nSent from my iPhone", "Works.")]
    [InlineData("Fungerar.\n\nSkickat från min iPhone", "Fungerar.")]
    public void Quoted_history_and_signatures_are_removed(string text, string expected) =>
        Assert.Equal(expected, ReplyStripper.Strip(text));

    [Fact]
    public void Inline_answers_between_quotes_are_kept()
    {
        var text = "> Which floor?\nFloor 3.\n> Which printer?\nThe one by the kitchen.";
        Assert.Equal("Floor 3.\nThe one by the kitchen.", ReplyStripper.Strip(text));
    }

    [Fact]
    public void A_line_that_merely_starts_with_From_is_not_a_header_block() =>
        Assert.Equal("From: my desk the printer is unreachable.\nIt says offline.",
            ReplyStripper.Strip("From: my desk the printer is unreachable.\nIt says offline."));

    [Fact]
    public void A_mail_that_is_all_quote_keeps_its_text() =>
        Assert.Equal("> only a quote", ReplyStripper.Strip("> only a quote"));

    [Fact]
    public void Paragraphs_are_kept_and_extra_blank_lines_collapsed() =>
        Assert.Equal("One.\n\nTwo.", ReplyStripper.Strip("One.\n\n\n\nTwo.\n\n"));
}
