using ServiceDesk.Application.Privacy;

namespace ServiceDesk.UnitTests.Privacy;

public sealed class RedactorTests
{
    private static readonly Person Asa = new Person("contoso", "u-asa", [], [], [])
        .WithFound(["asa.oberg@contoso.se"], ["Åsa Öberg"], ["+46 70 123 45 67"]);

    private static readonly Redactor Redactor = new(Asa, "person-0123456789ab");

    [Theory]
    [InlineData("Ring Åsa Öberg på 070-123 45 67", "Ring person-0123456789ab på [phone removed]")]
    [InlineData("ÅSA ÖBERG <Asa.Oberg@Contoso.se>", "person-0123456789ab <person-0123456789ab@pseudonymised.invalid>")]
    [InlineData("{\"name\":\"\\u00C5sa \\u00D6berg\",\"phone\":\"+46701234567\"}", "{\"name\":\"person-0123456789ab\",\"phone\":\"[phone removed]\"}")]
    [InlineData("terms: dator asa oberg start", "terms: dator person-0123456789ab start")]
    [InlineData("0046 70 123 45 67", "[phone removed]")]
    public void Redacts_names_addresses_and_phone_numbers_in_the_forms_they_are_stored(string text, string expected)
    {
        Assert.Equal(expected, Redactor.Redact(text, names: true));
        Assert.Equal(expected, Redactor.Redact(expected, names: true));
    }

    [Theory]
    [InlineData("Ärende 4701234567891 och 1701234567")]
    [InlineData("Åsa Öbergsson skrev")]
    public void Leaves_longer_numbers_and_words_alone(string text)
    {
        Assert.Equal(text, Redactor.Redact(text, names: true));
    }

    [Fact]
    public void Names_are_left_alone_where_the_row_is_not_known_to_be_the_persons()
    {
        Assert.Equal("Åsa Öberg, person-0123456789ab@pseudonymised.invalid", Redactor.Redact("Åsa Öberg, asa.oberg@contoso.se", names: false));
        Assert.False(Redactor.Mentions("Åsa Öberg", names: false));
        Assert.True(Redactor.Mentions("Åsa Öberg", names: true));
    }

    [Fact]
    public void Pseudonyms_are_stable_per_customer_and_differ_between_customers()
    {
        var pseudonyms = new Pseudonyms(new byte[32]);
        Assert.Equal(pseudonyms.For("contoso", "u-asa", "Asa.Oberg@contoso.se"), pseudonyms.For("contoso", null, "asa.oberg@contoso.se "));
        Assert.NotEqual(pseudonyms.For("contoso", null, "asa.oberg@contoso.se"), pseudonyms.For("fabrikam", null, "asa.oberg@contoso.se"));
        Assert.Matches("^person-[0-9a-f]{12}$", pseudonyms.For("contoso", "u-asa", null));
    }

    [Fact]
    public void Identifiers_an_earlier_erasure_wrote_are_not_looked_for()
    {
        var again = Asa.WithFound(["person-0123456789ab@pseudonymised.invalid"], ["person-0123456789ab", "Bo"], [Redactor.PhoneRemoved]);
        Assert.Equal(["asa.oberg@contoso.se"], again.Emails);
        Assert.Equal(["Åsa Öberg"], again.Names);
        Assert.Single(again.Phones);
    }
}
