using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Events;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Mail;

/// <summary>
/// Ticket events → notification mails. The dispatcher delivers each event at least once; this renders the mail and
/// writes it to the durable outbox keyed by the event id (a redelivery finds it there), with a fresh unguessable
/// Message-ID on our domain that is recorded for threading before the mail can be sent.
/// </summary>
public sealed partial class MailNotificationHandler(
    IMailOutbox outbox,
    IMailStore store,
    IOptions<MailOptions> options,
    TimeProvider time,
    ILogger<MailNotificationHandler> logger) : ITicketEventHandler
{
    public const string HandlerName = "Mail";

    public string Name => HandlerName;

    public async Task HandleAsync(TicketEvent e, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (time.GetUtcNow() - e.At > TimeSpan.FromHours(o.MaxEventAgeHours))
        {
            return;
        }
        var to = e.Ticket.Requester.Email;
        if (string.IsNullOrWhiteSpace(to) || MailTemplates.For(e, o.ReopenWindowDays) is not { } rendered)
        {
            return;
        }
        if (await outbox.GetAsync(e.Number + "|" + e.Id, cancellationToken) is { } existing)
        {
            await outbox.AddAsync(existing, cancellationToken);
            return;
        }
        if (await store.IsBouncingAsync(to, cancellationToken))
        {
            LogBouncing(logger, e.Id);
            return;
        }
        var messageId = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}.{e.Number.ToLowerInvariant()}@{o.MessageIdDomain}";
        var fromMail = e.Ticket.Channel == Channel.Email && e.Type == TicketEventTypes.Created;
        var inReplyTo = fromMail ? await store.FindOriginAsync(e.Number, cancellationToken) : null;
        await store.RecordSentIdAsync(messageId, e.Number, cancellationToken);
        await outbox.AddAsync(new OutgoingMail(
            e.Number, e.Id, rendered.Template, to, e.Ticket.Requester.Name, rendered.Subject, rendered.Body, messageId, inReplyTo,
            // RFC 3834: a response to a message is auto-replied; a notification caused by an event is auto-generated.
            fromMail ? "auto-replied" : "auto-generated"), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification for {EventId} not written: the requester's address is bouncing.")]
    private static partial void LogBouncing(ILogger logger, string eventId);
}
