using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Events;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Mail;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Surveys;

/// <summary>
/// A resolution → the survey mail to the requester, in their language: five signed one-click links (1–5) that open a
/// page (GET shows, POST records) and a pointer to the portal. Written to the durable mail outbox keyed by the
/// resolution event (<c>{event id}:survey</c>), so a redelivered event sends nothing twice; a later resolution (after a
/// reopen) is a new event and a new mail, as the survey's window restarts.
/// </summary>
public sealed class SurveyMailHandler(
    IMailOutbox outbox,
    IMailStore store,
    SurveyLinkSigner signer,
    IOptions<SurveyOptions> options,
    IOptions<MailOptions> mailOptions,
    IOptions<WorkflowOptions> workflowOptions,
    TimeProvider time) : ITicketEventHandler
{
    public const string HandlerName = "SurveyMail";

    public string Name => HandlerName;

    public async Task HandleAsync(TicketEvent e, CancellationToken cancellationToken)
    {
        var t = e.Ticket;
        if (e.Type != TicketEventTypes.Resolved || !options.Value.Enabled || t.ResolutionCode == ResolutionCode.Redirected
            || string.IsNullOrWhiteSpace(t.Requester.Email) || time.GetUtcNow() - e.At > TimeSpan.FromHours(mailOptions.Value.MaxEventAgeHours))
        {
            return;
        }
        var key = e.Id + ":survey";
        if (await outbox.GetAsync(e.Number + "|" + key, cancellationToken) is { } existing)
        {
            await outbox.AddAsync(existing, cancellationToken);
            return;
        }
        if (await store.IsBouncingAsync(t.Requester.Email, cancellationToken))
        {
            return;
        }
        var until = e.At.AddDays(options.Value.ChangeableDays);
        var token = signer.Sign(new SurveyLinkClaims(t.Number, t.Requester.Id, until));
        var (subject, body) = Render(t, token, until, workflowOptions.Value.PublicBaseUrl);
        var messageId = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}.{e.Number.ToLowerInvariant()}@{mailOptions.Value.MessageIdDomain}";
        await store.RecordSentIdAsync(messageId, e.Number, cancellationToken);
        await outbox.AddAsync(new OutgoingMail(e.Number, key, "survey", t.Requester.Email, t.Requester.Name, subject, body, messageId, null, "auto-generated"),
            cancellationToken);
    }

    /// <summary>The mail's subject and body in the requester's language.</summary>
    public static (string Subject, string Body) Render(TicketState t, string token, DateTimeOffset until, string publicBaseUrl)
    {
        var sv = t.Requester.Language == Language.Sv;
        var link = publicBaseUrl.TrimEnd('/') + "/api/surveys/link?token=" + Uri.EscapeDataString(token) + "&rating=";
        var links = string.Join("\n", Enumerable.Range(1, 5).Select(r => $"{r} {Stars(r)}: {link}{r}"));
        var subject = $"{TicketToken.Format(t.Number)} {(sv ? "Hur nöjd är du?" : "How satisfied are you?")}: {t.Title}";
        var body = sv
            ? $"Hej {t.Requester.Name},\n\nDitt ärende {t.Number} är löst. Hur nöjd är du med hjälpen? Välj ett betyg från 1 (inte alls nöjd) till 5 (mycket nöjd); sidan som öppnas låter dig lägga till en kommentar innan du skickar.\n\n{links}\n\nDu kan också svara under ärendet i portalen. Du kan ändra ditt svar till och med {until:yyyy-MM-dd HH:mm} UTC.\n\nVänliga hälsningar\nServicedesken\n"
            : $"Hello {t.Requester.Name},\n\nYour ticket {t.Number} is resolved. How satisfied are you with the help? Choose a rating from 1 (not at all satisfied) to 5 (very satisfied); the page that opens lets you add a comment before you send.\n\n{links}\n\nYou can also answer on the ticket in the portal. You can change your answer until {until:yyyy-MM-dd HH:mm} UTC.\n\nKind regards\nThe service desk\n";
        return (subject, body);
    }

    private static string Stars(int rating) => new('*', rating);
}
