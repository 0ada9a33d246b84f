using ServiceDesk.Application.Events;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Mail;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Mail;

/// <summary>
/// The notification mails, in Swedish and English by the requester's language: received (number and how to follow
/// it), a public comment from the service desk, waiting for you, resolved (how to reopen), closed. Every subject
/// starts with the ticket token.
/// </summary>
public static class MailTemplates
{
    public sealed record Rendered(string Template, string Subject, string Body);

    /// <summary>The mail for an event, or null when the event is not mailed to the requester.</summary>
    public static Rendered? For(TicketEvent e, int reopenWindowDays)
    {
        var t = e.Ticket;
        var sv = t.Requester.Language == Language.Sv;
        var token = TicketToken.Format(t.Number);
        var hello = sv ? $"Hej {t.Requester.Name}," : $"Hello {t.Requester.Name},";
        var follow = sv
            ? $"Svara på det här mailet för att lägga till information. Behåll {token} i ämnesraden."
            : $"Reply to this mail to add information. Keep {token} in the subject.";
        var sign = sv ? "Vänliga hälsningar\nServicedesken" : "Kind regards\nThe service desk";
        Rendered Make(string template, string svSubject, string enSubject, string svText, string enText) =>
            new(template, $"{token} {(sv ? svSubject : enSubject)}: {t.Title}",
                $"{hello}\n\n{(sv ? svText : enText)}\n\n{follow}\n\n{sign}\n");

        switch (e.Type)
        {
            case TicketEventTypes.Created when t.PendingReason == PendingReason.AwaitingMajorIncident:
                return null;   // the "known major incident" mail of the link replaces the acknowledgement
            case TicketEventTypes.Created or TicketEventTypes.Resolved when t.ResolutionCode == ResolutionCode.Redirected:
                return null;   // the guidance (a public comment) is the answer: no acknowledgement, no "reply to reopen"
            case TicketEventTypes.LinkedToMajorIncident:
                return Make("major-incident-known", "Känd störning", "Known major incident",
                    $"Vi har tagit emot ditt ärende {t.Number}. Det gäller en känd störning som vi redan arbetar med, så du behöver inte göra något mer.\n\nSenaste information:\n{e.Data.GetValueOrDefault("messageSv")}\n\nVi meddelar dig när störningen är löst.",
                    $"We have received your request {t.Number}. It concerns a known major incident that we are already working on, so you do not need to do anything more.\n\nLatest information:\n{e.Data.GetValueOrDefault("messageEn")}\n\nWe will tell you when it is resolved.");
            case TicketEventTypes.Created:
                return Make("received", "Ärendet har tagits emot", "Request received",
                    $"Vi har tagit emot ditt ärende {t.Number} och återkommer så snart vi kan.\n\nRubrik: {t.Title}",
                    $"We have received your request {t.Number} and will get back to you as soon as we can.\n\nTitle: {t.Title}");
            case TicketEventTypes.Commented when !IsRequester(e):
                return Make("comment", "Nytt svar från servicedesken", "New reply from the service desk",
                    $"{e.Actor.Name} skriver:\n\n{e.Text}", $"{e.Actor.Name} writes:\n\n{e.Text}");
            case TicketEventTypes.StatusChanged when e.Data.GetValueOrDefault("to") == nameof(TicketStatus.Pending)
                                                     && e.Data.GetValueOrDefault("pendingReason") == nameof(PendingReason.WaitingForCustomer):
                return Make("waiting", "Vi väntar på ditt svar", "We are waiting for you",
                    $"Vi behöver mer information från dig för att komma vidare med {t.Number}.{Note(e.Text)}",
                    $"We need more information from you to continue with {t.Number}.{Note(e.Text)}");
            case TicketEventTypes.Resolved:
                return Make("resolved", "Ärendet är löst", "Your request has been resolved",
                    $"Vi har löst {t.Number}.{Note(e.Text)}\n\nKvarstår problemet? Svara på det här mailet inom {reopenWindowDays} dagar så öppnar vi ärendet igen.",
                    $"We have resolved {t.Number}.{Note(e.Text)}\n\nStill a problem? Reply to this mail within {reopenWindowDays} days and we will reopen it.");
            case TicketEventTypes.Closed:
                return Make("closed", "Ärendet är stängt", "Your request is closed",
                    $"{t.Number} är nu stängt. Skriv ett nytt mail om du behöver hjälp igen.",
                    $"{t.Number} is now closed. Write a new mail if you need help again.");
            default:
                return null;
        }
    }

    private static bool IsRequester(TicketEvent e) =>
        string.Equals(e.Actor.Id, e.Ticket.Requester.Id, StringComparison.OrdinalIgnoreCase)
        || string.Equals(e.Actor.Id, e.Ticket.Requester.Email, StringComparison.OrdinalIgnoreCase);

    private static string Note(string? text) => string.IsNullOrWhiteSpace(text) ? "" : "\n\n" + text.Trim();
}
