using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.ServiceLevels;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.ServiceLevels;

/// <summary>
/// A ticket whose clocks are driven the way the application drives them: started on open, advanced after every change
/// (with the policy in <see cref="Policy"/>, which a test may swap to model a priority change).
/// </summary>
internal sealed class SlaTicket
{
    public static readonly BusinessCalendar Office = new(CalendarDefinition.Default, SwedishPublicHolidays.IsHoliday);
    public static readonly Actor Requester = new("u-1", "Anna Användare");
    public static readonly Actor Agent = new("a-1", "Erik Agent");

    private SlaTicket(Ticket ticket, SlaPolicy policy, BusinessCalendar calendar)
    {
        Ticket = ticket;
        Policy = policy;
        Calendar = calendar;
    }

    public Ticket Ticket { get; }
    public SlaPolicy Policy { get; set; }
    public BusinessCalendar Calendar { get; }
    public SlaState Sla => Ticket.State.Sla ?? throw new InvalidOperationException("No clocks.");

    public static TicketDraft Draft(
        TicketKind kind = TicketKind.Incident, Impact impact = Impact.Medium, Urgency urgency = Urgency.Medium,
        string title = "Skrivaren skriver inte ut", string? category = "Printing", Channel channel = Channel.Portal) =>
        new(kind, "contoso", new Requester(Requester.Id, Requester.Name, "anna@contoso.se", null, Language.Sv),
            channel, title, "Beskrivning", category, null, null, impact, urgency);

    public static Ticket NewTicket(DateTimeOffset t0, TicketDraft? draft = null)
    {
        draft ??= Draft();
        return Ticket.Open(new TicketNumber(draft.Kind, 42), draft, Requester, t0);
    }

    /// <summary>Opens a ticket at <paramref name="t0"/> and starts its clocks.</summary>
    public static SlaTicket Open(SlaPolicy policy, DateTimeOffset t0, BusinessCalendar? calendar = null, TicketDraft? draft = null)
    {
        var ticket = NewTicket(t0, draft);
        var sla = new SlaTicket(ticket, policy, calendar ?? Office);
        ticket.ApplySla(SlaClock.Advance(null, policy, 1, ticket.State, sla.Calendar, t0), t0);
        return sla;
    }

    /// <summary>Advances the clocks to <paramref name="now"/> (as after a change, or the escalation timer).</summary>
    public SlaState Advance(DateTimeOffset now)
    {
        Ticket.ApplySla(SlaClock.Advance(Ticket.State.Sla, Policy, 1, Ticket.State, Calendar, now), now);
        return Sla;
    }

    /// <summary>Makes a change at <paramref name="now"/> and advances the clocks after it.</summary>
    public SlaState Do(DateTimeOffset now, Action<Ticket, DateTimeOffset> change)
    {
        change(Ticket, now);
        return Advance(now);
    }

    public SlaTargetState Clock(SlaTargetKind kind) =>
        Sla.Find(kind) ?? throw new InvalidOperationException($"No {kind} clock.");
}
