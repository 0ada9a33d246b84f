using ServiceDesk.Infrastructure.Storage;

namespace ServiceDesk.UnitTests.Storage;

public sealed class KeyEncoderTests
{
    [Theory]
    [InlineData("Service Desk L1", "Service Desk L1")]
    [InlineData("Nätverk/WAN #2", "Nätverk%2FWAN %232")]
    [InlineData("a|b%c?d\\e", "a%7Cb%25c%3Fd%5Ce")]
    [InlineData("tab\there", "tab%09here")]
    public void Forbidden_and_separator_characters_are_escaped(string input, string expected) =>
        Assert.Equal(expected, KeyEncoder.Encode(input));

    [Fact]
    public void Distinct_inputs_stay_distinct()
    {
        string[] inputs = ["a|b", "a%7Cb", "a/b", "a%2Fb"];
        Assert.Equal(inputs.Length, inputs.Select(KeyEncoder.Encode).Distinct().Count());
    }
}
