using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Events;
using ServiceDesk.Application.Mail;
using ServiceDesk.Domain.Mail;

namespace ServiceDesk.Application.MajorIncidents;

/// <summary>
/// An alert storm's proposal (a <c>servicedesk.majorIncident.proposed</c> event) → one mail to each address on duty,
/// Swedish and English in one mail, through the outbox keyed by event and address. Declaring is a person's decision.
/// </summary>
public sealed class MajorIncidentProposalMailHandler(IMailOutbox outbox, IOptions<MajorIncidentOptions> options, IOptions<MailOptions> mail) : ITicketEventHandler
{
    public const string HandlerName = "MajorIncidentMail";

    public string Name => HandlerName;

    public async Task HandleAsync(TicketEvent e, CancellationToken ct)
    {
        if (e.Type != TicketEventTypes.MajorIncidentProposed)
        {
            return;
        }
        var t = e.Ticket;
        var occurrences = e.Data.GetValueOrDefault("occurrences") ?? "?";
        var token = TicketToken.Format(t.Number);
        var subject = $"{token} Förslag: större störning? / Proposed major incident: {t.Title}";
        var body =
            $"Larmet bakom {t.Number} ({t.CustomerId}) har kommit {occurrences} gånger. Överväg att deklarera en större störning så att berörda användare informeras tidigt:\n" +
            $"POST /api/major-incidents {{\"fromTicket\":\"{t.Number}\", ...}}\n\n" +
            $"The alert behind {t.Number} ({t.CustomerId}) has fired {occurrences} times. Consider declaring a major incident so that affected users hear early.\n\n" +
            $"Titel / Title: {t.Title}\nTjänst / Service: {t.Service ?? "-"}\n";
        foreach (var to in options.Value.OnDuty)
        {
            var key = $"{e.Id}:{to}";
            if (await outbox.GetAsync(e.Number + "|" + key, ct) is not null)
            {
                continue;
            }
            var messageId = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}.proposal@{mail.Value.MessageIdDomain}";
            await outbox.AddAsync(new OutgoingMail(e.Number, key, "major-incident-proposal", to, to, subject, body, messageId, null, "auto-generated"), ct);
        }
    }
}
