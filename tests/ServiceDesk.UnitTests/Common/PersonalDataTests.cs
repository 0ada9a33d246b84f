using ServiceDesk.Application.Common;

namespace ServiceDesk.UnitTests.Common;

public sealed class PersonalDataTests
{
    [Theory]
    [InlineData("550 5.1.1 <anna.svensson@contoso.se>: Recipient address rejected", "550 5.1.1 <<address>>: Recipient address rejected")]
    [InlineData("mailbox anna@contoso.se unavailable; also bo@x.org.", "mailbox <address> unavailable; also <address>")]
    [InlineData("421 Service not available", "421 Service not available")]
    public void Addresses_in_foreign_text_are_replaced(string text, string expected) =>
        Assert.Equal(expected, PersonalData.RedactAddresses(text));
}
