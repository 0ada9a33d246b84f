using System.Globalization;
using ServiceDesk.Domain.ServiceLevels;

namespace ServiceDesk.Functions.Tickets;

/// <summary>A ticket's service level clocks as <c>GET /api/tickets/{number}</c> shows them (advanced to the moment of reading).</summary>
public sealed record SlaResponse(
    string Policy, int PolicyVersion, string Calendar, bool Breached, bool Paused, DateTimeOffset? DueAt,
    DateTimeOffset? NextEscalationAt, IReadOnlyList<SlaTargetResponse> Targets)
{
    public static SlaResponse? From(SlaState? s) => s is null ? null : new(
        s.PolicyName, s.PolicyVersion, s.Calendar, s.Breached, s.Paused, s.DueAt, s.NextEscalationAt,
        s.Targets.Select(SlaTargetResponse.From).ToList());
}

/// <param name="Target">The promised business time, "d.hh:mm:ss".</param>
/// <param name="Elapsed">Business time counted so far.</param>
public sealed record SlaTargetResponse(
    string Kind, Label Label, string Target, string Elapsed, int PercentUsed, bool Running, bool Paused, DateTimeOffset? DueAt,
    string Outcome, Label OutcomeLabel, DateTimeOffset? BreachedAt, DateTimeOffset? StoppedAt, int EscalationsDone)
{
    public static SlaTargetResponse From(SlaTargetState t) => new(
        t.Kind.ToString(), LabelOf(t.Kind), Format(t.Target), Format(t.Elapsed), t.PercentUsed, t.Running,
        !t.Running && t.Outcome == SlaOutcome.Open, t.DueAt, t.Outcome.ToString(), LabelOf(t.Outcome), t.BreachedAt, t.StoppedAt, t.EscalationsDone);

    internal static string Format(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);

    private static Label LabelOf(SlaTargetKind kind) => kind switch
    {
        SlaTargetKind.FirstResponse => new("Första svar", "First response"),
        SlaTargetKind.Resolution => new("Lösning", "Resolution"),
        _ => new("Leverans", "Fulfilment"),
    };

    internal static Label LabelOf(SlaOutcome outcome) => outcome switch
    {
        SlaOutcome.Met => new("Uppfyllt", "Met"),
        SlaOutcome.Breached => new("Överskridet", "Breached"),
        SlaOutcome.Cancelled => new("Avbrutet", "Cancelled"),
        _ => new("Pågår", "Open"),
    };
}

/// <summary>The vendor's contract clock: reported apart from the customer's service levels.</summary>
public sealed record VendorClockResponse(
    string VendorId, string VendorName, DateTimeOffset HandedOverAt, DateTimeOffset AcknowledgeDueAt, DateTimeOffset ResolveDueAt,
    DateTimeOffset? AcknowledgedAt, DateTimeOffset? ResolvedAt, string Acknowledge, Label AcknowledgeLabel, string Resolve, Label ResolveLabel,
    string TimeWithVendor)
{
    public static VendorClockResponse? From(VendorClock? v, DateTimeOffset now) => v is null ? null : new(
        v.VendorId, v.VendorName, v.HandedOverAt, v.AcknowledgeDueAt, v.ResolveDueAt, v.AcknowledgedAt, v.ResolvedAt,
        v.Acknowledge(now).ToString(), SlaTargetResponse.LabelOf(v.Acknowledge(now)), v.Resolve(now).ToString(), SlaTargetResponse.LabelOf(v.Resolve(now)),
        SlaTargetResponse.Format(v.TimeWithVendor(now)));
}
