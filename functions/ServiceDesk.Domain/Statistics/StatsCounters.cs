namespace ServiceDesk.Domain.Statistics;

/// <summary>The additive counters of one statistics bucket (a customer, a day, a dimension value).</summary>
public sealed class StatsCounters
{
    public long Opened { get; set; }
    public long Resolved { get; set; }
    /// <summary>Tickets opened that day that were reopened at least once (a cohort count).</summary>
    public long Reopened { get; set; }
    /// <summary>Tickets resolved that day on first contact (see <see cref="TicketFacts.ResolvedOnFirstContact"/>).</summary>
    public long FirstContact { get; set; }
    /// <summary>Open tickets now (only in the "current" bucket).</summary>
    public long Backlog { get; set; }
    /// <summary>Time to first response of tickets first answered that day (<see cref="DurationHistogram"/> bins).</summary>
    public long[] Response { get; set; } = new long[DurationHistogram.Bins];
    /// <summary>Time to resolution of tickets resolved that day.</summary>
    public long[] Resolution { get; set; } = new long[DurationHistogram.Bins];
    /// <summary>Service level targets met that day, indexed by <see cref="ServiceLevels.SlaTargetKind"/>.</summary>
    public long[] SlaMet { get; set; } = new long[SlaTargets];
    /// <summary>Service level targets breached that day, indexed by <see cref="ServiceLevels.SlaTargetKind"/>.</summary>
    public long[] SlaBreached { get; set; } = new long[SlaTargets];
    /// <summary>Vendor cases resolved that day within (met) or after (breached) the vendor's resolve target.</summary>
    public long VendorMet { get; set; }
    public long VendorBreached { get; set; }

    public static readonly int SlaTargets = Enum.GetValues<ServiceLevels.SlaTargetKind>().Length;

    public bool IsZero =>
        Opened == 0 && Resolved == 0 && Reopened == 0 && FirstContact == 0 && Backlog == 0 &&
        Response.All(v => v == 0) && Resolution.All(v => v == 0) &&
        SlaMet.All(v => v == 0) && SlaBreached.All(v => v == 0) && VendorMet == 0 && VendorBreached == 0;

    /// <summary>Adds <paramref name="other"/> times <paramref name="sign"/> (+1 or -1).</summary>
    public void Add(StatsCounters other, int sign = 1)
    {
        Opened += sign * other.Opened;
        Resolved += sign * other.Resolved;
        Reopened += sign * other.Reopened;
        FirstContact += sign * other.FirstContact;
        Backlog += sign * other.Backlog;
        VendorMet += sign * other.VendorMet;
        VendorBreached += sign * other.VendorBreached;
        for (var i = 0; i < SlaTargets; i++)
        {
            SlaMet[i] += sign * other.SlaMet[i];
            SlaBreached[i] += sign * other.SlaBreached[i];
        }
        for (var i = 0; i < DurationHistogram.Bins; i++)
        {
            Response[i] += sign * other.Response[i];
            Resolution[i] += sign * other.Resolution[i];
        }
    }
}
