using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Tickets;

public sealed class TicketNumberTests
{
    [Theory]
    [InlineData(TicketKind.Incident, 123, "INC-000123")]
    [InlineData(TicketKind.ServiceRequest, 1, "REQ-000001")]
    [InlineData(TicketKind.Problem, 1234567, "PRB-1234567")]
    public void Numbers_have_a_kind_prefix_and_at_least_six_digits(TicketKind kind, long sequence, string expected)
    {
        var number = new TicketNumber(kind, sequence);
        Assert.Equal(expected, number.ToString());
        Assert.True(TicketNumber.TryParse(expected, out var parsed));
        Assert.Equal(number, parsed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("INC-12345")]
    [InlineData("inc-000123")]
    [InlineData("INC-0001234")]
    [InlineData("INC-000000")]
    [InlineData("ABC-000123")]
    [InlineData("INC_000123")]
    [InlineData("INC-00012a")]
    [InlineData("INC-000123' or '1'='1")]
    [InlineData("INC-+00123")]
    public void Anything_but_the_canonical_spelling_is_refused(string? text) =>
        Assert.False(TicketNumber.TryParse(text, out _));
}
