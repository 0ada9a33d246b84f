namespace ServiceDesk.Domain.Problems;

/// <summary>
/// The spike test of the volume and similarity rules: how many incidents a window must hold before it is more than the
/// usual rate makes probable, by the tail of an overdispersed Poisson distribution.
/// </summary>
internal static class PoissonThreshold
{
    /// <summary>
    /// Incident counts vary more than a Poisson process would (weekdays against weekends, busy mornings, Mondays):
    /// the usual rate is inflated by this factor before the tail test, so ordinary busy days do not look like spikes.
    /// </summary>
    public const double Overdispersion = 1.5;

    /// <summary>The spike threshold for <paramref name="expected"/> incidents at the usual rate.</summary>
    public static int Spike(double expected, DetectionSettings settings) =>
        Of(expected * Overdispersion, settings.BaselineSignificance);

    /// <summary>The smallest count k with P(X ≥ k) &lt; significance for X ~ Poisson(expected).</summary>
    public static int Of(double expected, double significance)
    {
        if (expected <= 0)
        {
            return 1;
        }
        if (expected > 500)
        {
            // exp(-λ) underflows; the normal approximation is close enough this far out.
            return (int)Math.Ceiling(expected + 4.5 * Math.Sqrt(expected));
        }
        var term = Math.Exp(-expected);
        var cumulative = term;
        var k = 1;
        while (1 - cumulative >= significance && k < 10_000)
        {
            term *= expected / k;
            cumulative += term;
            k++;
        }
        return k;
    }
}
