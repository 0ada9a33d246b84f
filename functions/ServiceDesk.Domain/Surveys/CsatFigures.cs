namespace ServiceDesk.Domain.Surveys;

/// <summary>
/// Customer satisfaction over a set of answers: how many, the average rating, the count of each rating 1–5 and of
/// low ratings (≤ <see cref="SurveyRules.LowRating"/>). Built by adding per-day counters.
/// </summary>
public sealed record CsatFigures(long Responses, double? Average, IReadOnlyList<long> Distribution, long Low)
{
    /// <summary>The figures of rating counts, indexed 0 for rating 1 to 4 for rating 5.</summary>
    public static CsatFigures Of(IReadOnlyList<long> counts)
    {
        var responses = counts.Sum();
        var sum = counts.Select((n, i) => n * (i + 1)).Sum();
        var low = counts.Take(SurveyRules.LowRating).Sum();
        return new CsatFigures(responses, responses == 0 ? null : Math.Round((double)sum / responses, 2), counts.ToArray(), low);
    }

    /// <summary>Adds per-rating counts (each array has five entries).</summary>
    public static long[] Sum(IEnumerable<IReadOnlyList<long>> counts)
    {
        var total = new long[SurveyRules.MaxRating];
        foreach (var c in counts)
        {
            for (var i = 0; i < total.Length; i++)
            {
                total[i] += c[i];
            }
        }
        return total;
    }
}
