using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.UnitTests.Workflows;

public sealed class DecisionReplyTests
{
    [Theory]
    [InlineData("Godkänn", ApprovalDecision.Approve)]
    [InlineData("godkänd", ApprovalDecision.Approve)]
    [InlineData("JA", ApprovalDecision.Approve)]
    [InlineData("Approve", ApprovalDecision.Approve)]
    [InlineData("approved.", ApprovalDecision.Approve)]
    [InlineData("  Yes!  ", ApprovalDecision.Approve)]
    [InlineData("Avslå", ApprovalDecision.Reject)]
    [InlineData("Avslag", ApprovalDecision.Reject)]
    [InlineData("nej", ApprovalDecision.Reject)]
    [InlineData("Reject", ApprovalDecision.Reject)]
    [InlineData("REJECTED", ApprovalDecision.Reject)]
    [InlineData("No", ApprovalDecision.Reject)]
    public void The_listed_Swedish_and_English_words_decide(string line, ApprovalDecision expected) =>
        Assert.Equal(expected, DecisionReply.Parse(line).Decision);

    [Fact]
    public void The_first_non_empty_line_decides_and_the_rest_is_the_comment()
    {
        var (decision, comment) = DecisionReply.Parse("\r\n   \r\nNej\r\nFör dyrt.\r\nMvh Mona");
        Assert.Equal(ApprovalDecision.Reject, decision);
        Assert.Equal("För dyrt.\nMvh Mona", comment);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n  ")]
    [InlineData("Ja, men bara om det är billigt")]
    [InlineData("I approve")]
    [InlineData("Maybe")]
    [InlineData("Hej!\nJa")]
    [InlineData(null)]
    public void Anything_else_is_not_a_decision(string? text) => Assert.Null(DecisionReply.Parse(text).Decision);

    [Fact]
    public void A_decomposed_a_ring_is_read_as_the_composed_letter() =>
        Assert.Equal(ApprovalDecision.Reject, DecisionReply.Parse("Avsla\u030A").Decision);
}
