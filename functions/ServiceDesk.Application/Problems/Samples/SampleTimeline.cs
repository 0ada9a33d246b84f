namespace ServiceDesk.Application.Problems.Samples;

public enum SampleAction
{
    Assign,
    Start,
    Resolve,
    Reopen,
}

public sealed record SampleStep(DateTimeOffset At, SampleAction Action);

/// <summary>
/// What happened to a generated incident after it was opened, as ticket transitions in order: assigned and started
/// at its first response, resolved, then each reopen followed by a resolution two hours later. Steps later than
/// <c>now</c> are left out (and everything after them), so a loaded ticket is in the state it would be in today.
/// </summary>
public static class SampleTimeline
{
    public const string Group = "Service desk";
    public const string ResolutionNotes = "Sample resolution.";
    public const string ReopenReason = "It happened again.";

    public static IEnumerable<SampleStep> Steps(SampleIncident i, DateTimeOffset now)
    {
        if (i.FirstResponseAfter is not { } responded || i.CreatedAt + responded > now)
        {
            yield break;
        }
        yield return new SampleStep(i.CreatedAt + responded, SampleAction.Assign);
        yield return new SampleStep(i.CreatedAt + responded, SampleAction.Start);
        if (i.ResolvedAfter is not { } resolved || i.CreatedAt + resolved > now)
        {
            yield break;
        }
        yield return new SampleStep(i.CreatedAt + resolved, SampleAction.Resolve);
        var last = resolved;
        foreach (var reopen in i.ReopenAfter)
        {
            if (reopen <= last || i.CreatedAt + reopen > now)
            {
                yield break;
            }
            yield return new SampleStep(i.CreatedAt + reopen, SampleAction.Reopen);
            var again = reopen + TimeSpan.FromHours(2);
            if (i.CreatedAt + again > now)
            {
                yield break;
            }
            yield return new SampleStep(i.CreatedAt + again, SampleAction.Resolve);
            last = again;
        }
    }
}
