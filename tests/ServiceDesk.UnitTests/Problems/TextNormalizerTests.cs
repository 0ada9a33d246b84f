using ServiceDesk.Domain.Problems;

namespace ServiceDesk.UnitTests.Problems;

public sealed class TextNormalizerTests
{
    [Fact]
    public void Case_and_diacritics_are_folded_the_same_way_everywhere()
    {
        Assert.Equal("skarmen fryser pa oresund", TextNormalizer.Fold("Skärmen FRYSER på Öresund"));
        Assert.Equal(TextNormalizer.Terms("SKÄRMEN"), TextNormalizer.Terms("skarmen"));
    }

    [Theory]
    [InlineData("skrivaren", "skrivare")]
    [InlineData("skrivarna", "skrivare")]
    [InlineData("uppdateringen", "uppdatering")]
    [InlineData("crashes", "crashing")]
    [InlineData("printer", "skrivare")]
    [InlineData("batteriet", "battery")]
    public void Inflections_and_translations_meet_at_one_stem(string a, string b) =>
        Assert.Equal(TextNormalizer.Terms(a), TextNormalizer.Terms(b));

    [Fact]
    public void Stop_words_and_numbers_of_both_languages_are_dropped()
    {
        Assert.Empty(TextNormalizer.Terms("Hej! Jag har inte det och 12345, thanks and please help"));
        Assert.Equal(["outlook", "pdf"], TextNormalizer.Terms("Outlook och PDF"));
    }
}
