using ServiceDesk.Application.Common;
using ServiceDesk.Application.Tickets;

namespace ServiceDesk.UnitTests.Tickets;

public sealed class TicketETagTests
{
    [Theory]
    [InlineData("\"7\"")]
    [InlineData("\"3\", \"7\"")]
    [InlineData("*")]
    public void Matching_if_match_values_pass(string ifMatch) => TicketETag.Require(ifMatch, 7, required: true, "INC-000001");

    [Theory]
    [InlineData("\"6\"")]
    [InlineData("7")]
    [InlineData("W/\"7\"")]
    [InlineData("garbage")]
    public void Other_values_fail_with_412(string ifMatch) =>
        Assert.Throws<PreconditionFailedException>(() => TicketETag.Require(ifMatch, 7, required: true, "INC-000001"));

    [Fact]
    public void A_missing_value_is_428_only_where_required()
    {
        Assert.Throws<PreconditionRequiredException>(() => TicketETag.Require(null, 7, required: true, "INC-000001"));
        TicketETag.Require(null, 7, required: false, "INC-000001");
    }
}
