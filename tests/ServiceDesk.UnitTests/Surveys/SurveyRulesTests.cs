using ServiceDesk.Application.Surveys;
using ServiceDesk.Domain.Surveys;

namespace ServiceDesk.UnitTests.Surveys;

public sealed class SurveyRulesTests
{
    private static readonly DateTimeOffset Resolved = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    private static SurveyAnswer Answer(int rating, DateTimeOffset until) =>
        new("INC-000001", "contoso", "u1", "l1", rating, null, Resolved.AddHours(1), until);

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    [InlineData(-3, false)]
    public void Ratings_are_one_to_five(int rating, bool valid) => Assert.Equal(valid, SurveyRules.IsValidRating(rating));

    [Fact]
    public void Two_and_below_is_a_low_rating()
    {
        Assert.True(SurveyRules.IsLow(1));
        Assert.True(SurveyRules.IsLow(2));
        Assert.False(SurveyRules.IsLow(3));
    }

    [Fact]
    public void The_window_runs_from_the_latest_resolution_and_a_reopened_ticket_keeps_its_answers_window()
    {
        Assert.Equal(Resolved.AddDays(7), SurveyRules.ChangeableUntil(Resolved, null, 7));
        Assert.Null(SurveyRules.ChangeableUntil(null, null, 7));
        var answer = Answer(4, Resolved.AddDays(7));
        Assert.Equal(Resolved.AddDays(7), SurveyRules.ChangeableUntil(null, answer, 7));
        Assert.Equal(Resolved.AddDays(20 + 3), SurveyRules.ChangeableUntil(Resolved.AddDays(20), answer, 3));
    }

    [Fact]
    public void Status_is_open_answered_or_closed_at_the_window_end()
    {
        var until = Resolved.AddDays(7);
        Assert.Equal(SurveyStatus.Open, SurveyRules.Status(until, null, until.AddTicks(-1)));
        Assert.Equal(SurveyStatus.Answered, SurveyRules.Status(until, Answer(3, until), until.AddTicks(-1)));
        Assert.Equal(SurveyStatus.Closed, SurveyRules.Status(until, Answer(3, until), until));
        Assert.Equal(SurveyStatus.Closed, SurveyRules.Status(until, null, until.AddDays(1)));
    }

    [Fact]
    public void Csat_figures_add_counts_into_responses_average_and_low()
    {
        var figures = CsatFigures.Of(CsatFigures.Sum([[1, 0, 0, 0, 0], [0, 1, 0, 2, 1]]));
        Assert.Equal(5, figures.Responses);
        Assert.Equal(3.2, figures.Average);
        Assert.Equal(2, figures.Low);
        Assert.Equal([1L, 1L, 0L, 2L, 1L], figures.Distribution);
        Assert.Null(CsatFigures.Of(new long[5]).Average);
    }
}

public sealed class SurveyLinkSignerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly SurveyLinkSigner _signer = new(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void A_signed_token_verifies_with_its_claims()
    {
        var token = _signer.Sign(new SurveyLinkClaims("INC-000042", "u1", Now.AddDays(7)));
        var verified = _signer.Verify(token, Now);
        Assert.Null(verified.Failure);
        Assert.Equal(new SurveyLinkClaims("INC-000042", "u1", Now.AddDays(7)), verified.Claims);
    }

    [Fact]
    public void A_tampered_token_or_another_key_is_forged_and_garbage_is_malformed()
    {
        var token = _signer.Sign(new SurveyLinkClaims("INC-000042", "u1", Now.AddDays(7)));
        var other = _signer.Sign(new SurveyLinkClaims("INC-000043", "u1", Now.AddDays(7)));
        var swapped = other.Split('.')[0] + "." + token.Split('.')[1];
        Assert.Equal("forged", _signer.Verify(swapped, Now).Failure);
        Assert.Null(_signer.Verify(swapped, Now).Claims);
        Assert.Equal("forged", new SurveyLinkSigner(new byte[32]).Verify(token, Now).Failure);
        foreach (var garbage in new[] { null, "", "abc", "a.b.c", "!!!.???", new string('A', 2000) })
        {
            Assert.Equal("malformed", _signer.Verify(garbage, Now).Failure);
        }
    }

    [Fact]
    public void A_token_expires_with_the_window()
    {
        var token = _signer.Sign(new SurveyLinkClaims("INC-000042", "u1", Now.AddDays(7)));
        Assert.Null(_signer.Verify(token, Now.AddDays(7).AddSeconds(-1)).Failure);
        Assert.Equal("expired", _signer.Verify(token, Now.AddDays(7)).Failure);
    }
}
