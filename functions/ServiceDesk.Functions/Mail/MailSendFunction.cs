using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Application.Mail;

namespace ServiceDesk.Functions.Mail;

/// <summary>
/// Delivers outbox mails. Throttled and transiently failing mails are queued again with a delay by the use case and
/// this returns normally; only storage failures throw, so the host's retries (and poison queue) apply to those alone.
/// </summary>
public sealed class MailSendFunction(MailSender sender)
{
    [Function("MailSend")]
    public Task Run([QueueTrigger(MailQueue.Name)] string message, CancellationToken cancellationToken) =>
        sender.SendAsync(message, cancellationToken);
}
