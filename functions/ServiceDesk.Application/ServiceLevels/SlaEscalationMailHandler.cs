using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Events;
using ServiceDesk.Application.Mail;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Mail;

namespace ServiceDesk.Application.ServiceLevels;

/// <summary>
/// Escalation steps → mails to the people the step names (recorded on the ticket as "language:address"), each in their
/// language, through the durable mail outbox keyed by event and recipient (a redelivered event finds its mails there).
/// </summary>
public sealed class SlaEscalationMailHandler(IMailOutbox outbox, IMailStore store, IOptions<MailOptions> options, TimeProvider time) : ITicketEventHandler
{
    public const string HandlerName = "SlaMail";

    public string Name => HandlerName;

    public async Task HandleAsync(TicketEvent e, CancellationToken cancellationToken)
    {
        if (e.Type != TicketEventTypes.SlaEscalated || time.GetUtcNow() - e.At > TimeSpan.FromHours(options.Value.MaxEventAgeHours))
        {
            return;
        }
        foreach (var recipient in (e.Data.GetValueOrDefault("notified") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = recipient.IndexOf(':', StringComparison.Ordinal);
            var language = recipient[..colon] == "en" ? Language.En : Language.Sv;
            var to = recipient[(colon + 1)..];
            var key = $"{e.Id}:{to}";
            if (await outbox.GetAsync(e.Number + "|" + key, cancellationToken) is { } existing)
            {
                await outbox.AddAsync(existing, cancellationToken);
                continue;
            }
            var (subject, body) = Render(e, language);
            var messageId = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}.{e.Number.ToLowerInvariant()}@{options.Value.MessageIdDomain}";
            await store.RecordSentIdAsync(messageId, e.Number, cancellationToken);
            await outbox.AddAsync(new OutgoingMail(e.Number, key, "sla-escalation", to, to, subject, body, messageId, null, "auto-generated"), cancellationToken);
        }
    }

    /// <summary>The escalation mail in Swedish or English.</summary>
    public static (string Subject, string Body) Render(TicketEvent e, Language language)
    {
        var t = e.Ticket;
        var sv = language == Language.Sv;
        var target = e.Data.GetValueOrDefault("target") ?? "";
        var percent = e.Data.GetValueOrDefault("percent") ?? "";
        var targetName = (target, sv) switch
        {
            ("FirstResponse", true) => "första svar",
            ("Resolution", true) => "lösning",
            ("Fulfilment", true) => "leverans",
            ("FirstResponse", false) => "first response",
            ("Resolution", false) => "resolution",
            _ => "fulfilment",
        };
        var due = DateTimeOffset.TryParse(e.Data.GetValueOrDefault("dueAt"), out var d) ? d.ToString("yyyy-MM-dd HH:mm 'UTC'") : "";
        var moved = e.Data.GetValueOrDefault("movedTo");
        var token = TicketToken.Format(t.Number);
        var subject = sv
            ? $"{token} Eskalering: {percent} % av tiden för {targetName} har gått: {t.Title}"
            : $"{token} Escalation: {percent} % of the {targetName} target used: {t.Title}";
        var lines = sv
            ? new[]
            {
                $"Ärende {t.Number} ({t.CustomerId}, prioritet {(int)Domain.Tickets.PriorityMatrix.For(t.Impact, t.Urgency)}) har använt {percent} % av tiden för {targetName}.",
                due.Length > 0 ? $"Målet nås {due}." : "",
                $"Grupp: {t.AssignmentGroup ?? "(ingen)"}. Handläggare: {t.AssigneeName ?? "(ingen)"}.",
                moved is null ? "" : $"Ärendet har flyttats till gruppen {moved}.",
                $"Rubrik: {t.Title}",
            }
            : new[]
            {
                $"Ticket {t.Number} ({t.CustomerId}, priority {(int)Domain.Tickets.PriorityMatrix.For(t.Impact, t.Urgency)}) has used {percent} % of its {targetName} target.",
                due.Length > 0 ? $"The target is reached {due}." : "",
                $"Group: {t.AssignmentGroup ?? "(none)"}. Assignee: {t.AssigneeName ?? "(none)"}.",
                moved is null ? "" : $"The ticket was moved to the group {moved}.",
                $"Title: {t.Title}",
            };
        return (subject, string.Join("\n", lines.Where(l => l.Length > 0)) + (sv ? "\n\nServicedesken\n" : "\n\nThe service desk\n"));
    }
}
