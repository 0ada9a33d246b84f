using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Common;

public sealed class InputParsingTests
{
    [Fact]
    public void Continuation_tokens_round_trip_and_garbage_is_a_validation_error()
    {
        var token = ContinuationToken.Encode(2, "next partition row");
        Assert.Equal((2, "next partition row"), ContinuationToken.Decode(token));
        Assert.Equal((0, null), ContinuationToken.Decode(null));
        foreach (var garbage in new[] { "not-a-token", "eyJ9", ContinuationToken.Encode(-1, null), new string('A', 5000) })
        {
            var e = Assert.Throws<ValidationException>(() => ContinuationToken.Decode(garbage));
            Assert.Contains("continuationToken", e.Errors.Keys);
        }
    }

    [Fact]
    public void Field_errors_collect_every_problem()
    {
        var errors = new FieldErrors();
        errors.Text("title", "  ", 10, required: true);
        errors.Text("name", new string('x', 11), 10, required: false);
        errors.Enum<Impact>("impact", "1", required: false);
        errors.Email("email", "not an email", required: false);
        errors.Identifier("id", "a b", required: true);

        var e = Assert.Throws<ValidationException>(errors.ThrowIfAny);
        Assert.Equal(["email", "id", "impact", "name", "title"], e.Errors.Keys.Order());
    }

    [Fact]
    public void Every_field_error_carries_its_rule_code_and_args()
    {
        var errors = new FieldErrors();
        errors.Text("title", "  ", 10, required: true);
        errors.Text("name", new string('x', 11), 10, required: false);
        errors.Text("note", "bell\a", 10, required: false);
        errors.Enum<Impact>("impact", "1", required: false);
        errors.Email("email", "not an email", required: false);
        errors.Identifier("id", "a b", required: true);
        errors.Duration("wait", "soon");
        errors.TextList("tags", ["a", "b", "c"], maxItems: 2);
        errors.Text("policies[3].name", "", 10, required: true);

        var e = Assert.Throws<ValidationException>(errors.ThrowIfAny);
        var codes = e.FieldErrors.ToDictionary(f => f.Field, f => f.Code);

        Assert.Equal("title.required", codes["title"]);
        Assert.Equal("name.tooLong", codes["name"]);
        Assert.Equal("note.controlCharacters", codes["note"]);
        Assert.Equal("impact.notAllowed", codes["impact"]);
        Assert.Equal("email.email", codes["email"]);
        Assert.Equal("id.identifier", codes["id"]);
        Assert.Equal("wait.duration", codes["wait"]);
        Assert.Equal("tags.tooMany", codes["tags"]);
        Assert.Equal("policies.name.required", codes["policies[3].name"]);
        Assert.Equal(10, e.FieldErrors.Single(f => f.Field == "name").Args!["max"]);
        Assert.Equal("'name' must be at most 10 characters (got 11).", e.FieldErrors.Single(f => f.Field == "name").Message);
        Assert.Equal(2, e.FieldErrors.Single(f => f.Field == "tags").Args!["max"]);
        Assert.Equal(["'name' must be at most 10 characters (got 11)."], e.Errors["name"]);
    }

    [Fact]
    public void Text_is_trimmed_and_enums_parse_case_insensitively()
    {
        var errors = new FieldErrors();
        Assert.Equal("Skrivare", errors.Text("t", "  Skrivare ", 20, required: true));
        Assert.Equal(Urgency.High, errors.Enum<Urgency>("u", "high", required: true));
        Assert.Equal("anna@contoso.se", errors.Email("e", "Anna@Contoso.se", required: true));
        Assert.False(errors.Any);
    }

    [Theory]
    [InlineData("contoso", true)]
    [InlineData("kund-42", true)]
    [InlineData("Contoso", false)]
    [InlineData("c", false)]
    [InlineData("con'toso", false)]
    [InlineData("-abc", false)]
    public void Customer_ids_are_lower_case_slugs(string id, bool valid) => Assert.Equal(valid, CustomerId.IsValid(id));
}
