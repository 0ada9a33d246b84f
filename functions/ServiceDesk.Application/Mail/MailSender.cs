using ServiceDesk.Application.Common;
using ServiceDesk.Application.Tickets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ServiceDesk.Application.Mail;

/// <summary>
/// Delivers one outbox mail (the queue-triggered sender calls this per message). A mail over a throttle, or after a
/// transient SMTP failure, is queued again with a delay (doubling, capped) and the call returns normally, so the queue
/// never poisons it: a backlog waits, nothing is dropped. A permanent refusal marks the mail failed and is recorded
/// on the ticket; a sent mail is recorded on the ticket with its Message-ID. Mails about no ticket
/// (<see cref="OutgoingMail.IsAboutTicket"/> false: problem-candidate announcements) are recorded in their outbox row
/// only. Storage failures throw (the queue retries).
/// </summary>
public sealed partial class MailSender(
    IMailOutbox outbox,
    IMailThrottle throttle,
    ISmtpTransport transport,
    IMailStore store,
    TicketUpdater writer,
    IOptions<MailSendingOptions> options,
    TimeProvider time,
    ILogger<MailSender> logger)
{
    public enum Outcome { Sent, AlreadyDone, Throttled, Retrying, Failed, Missing }

    public async Task<Outcome> SendAsync(string key, CancellationToken ct)
    {
        using var span = ServiceDeskTelemetry.Start(ServiceDeskTelemetry.Spans.MailSend);
        var outcome = await SendOnceAsync(key, span, ct);
        span?.SetTag(ServiceDeskTelemetry.Outcome, outcome.ToString());
        return outcome;
    }

    private async Task<Outcome> SendOnceAsync(string key, System.Diagnostics.Activity? span, CancellationToken ct)
    {
        var mail = await outbox.GetAsync(key, ct);
        span?.SetTag(ServiceDeskTelemetry.TicketNumber, mail?.IsAboutTicket == true ? mail.TicketNumber : null);
        if (mail is null)
        {
            return Outcome.Missing;
        }
        if (mail.Status != OutgoingMail.Pending)
        {
            return Outcome.AlreadyDone;
        }
        var now = time.GetUtcNow();
        if (await throttle.TryAcquireAsync(mail.TicketNumber, mail.To, now, ct) is { } wait)
        {
            await outbox.EnqueueAsync(mail, wait, ct);
            LogThrottled(logger, mail.EventId, wait.TotalSeconds);
            return Outcome.Throttled;
        }
        try
        {
            await transport.SendAsync(mail, ct);
        }
        catch (MailDeliveryException e) when (!e.Permanent)
        {
            var o = options.Value;
            var attempts = mail.Attempts + 1;
            var delay = TimeSpan.FromSeconds(Math.Min(o.MaxBackoffSeconds, o.FirstBackoffSeconds * Math.Pow(2, Math.Min(attempts - 1, 20))));
            await outbox.UpdateAsync(mail with { Attempts = attempts, LastError = Truncate(e.Message) }, ct);
            await outbox.EnqueueAsync(mail, delay, ct);
            if (e.Authentication)
            {
                LogAuthenticationFailed(logger, mail.EventId, attempts, delay.TotalSeconds, PersonalData.RedactAddresses(e.Message));
            }
            else
            {
                LogRetrying(logger, mail.EventId, attempts, delay.TotalSeconds, PersonalData.RedactAddresses(e.Message));
            }
            return Outcome.Retrying;
        }
        catch (MailDeliveryException e)
        {
            await outbox.UpdateAsync(mail with { Status = OutgoingMail.Failed, Attempts = mail.Attempts + 1, LastError = Truncate(e.Message) }, ct);
            if (e.Message.Contains("5.1.", StringComparison.Ordinal) || e.Message.Contains("550", StringComparison.Ordinal))
            {
                await store.MarkBouncingAsync(mail.To, Truncate(e.Message), now, ct);
            }
            if (mail.IsAboutTicket)
            {
                await writer.ChangeAsync(mail.TicketNumber, (t, at) => t.RecordNotification(
                    $"Mail to {mail.To} failed permanently: {Truncate(e.Message)}", Data(mail, "failed"), at), ct);
            }
            LogFailed(logger, mail.EventId, PersonalData.RedactAddresses(e.Message));
            return Outcome.Failed;
        }
        await outbox.UpdateAsync(mail with { Status = OutgoingMail.Sent, Attempts = mail.Attempts + 1, SentAt = time.GetUtcNow() }, ct);
        if (mail.IsAboutTicket)
        {
            await writer.ChangeAsync(mail.TicketNumber, (t, at) => t.RecordNotification(
                $"Mail sent to {mail.To}: {mail.Subject}", Data(mail, "sent"), at), ct);
        }
        return Outcome.Sent;
    }

    private static Dictionary<string, string> Data(OutgoingMail mail, string status) => new()
    {
        ["channel"] = "email",
        ["status"] = status,
        ["template"] = mail.Template,
        ["to"] = mail.To,
        ["messageId"] = mail.MessageId,
        ["eventId"] = mail.EventId,
    };

    private static string Truncate(string value) => value.Length <= 500 ? value : value[..500];

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail for {EventId} throttled; queued again in {Seconds} s.")]
    private static partial void LogThrottled(ILogger logger, string eventId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail for {EventId} not delivered (attempt {Attempts}); retrying in {Seconds} s: {Error}")]
    private static partial void LogRetrying(ILogger logger, string eventId, int attempts, double seconds, string error);

    [LoggerMessage(EventId = 4101, EventName = "SmtpAuthenticationFailed", Level = LogLevel.Error,
        Message = "SMTP authentication failed for mail {EventId} (attempt {Attempts}); the mail stays in the outbox and is retried in {Seconds} s: {Error}")]
    private static partial void LogAuthenticationFailed(ILogger logger, string eventId, int attempts, double seconds, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Mail for {EventId} refused permanently: {Error}")]
    private static partial void LogFailed(ILogger logger, string eventId, string error);
}
