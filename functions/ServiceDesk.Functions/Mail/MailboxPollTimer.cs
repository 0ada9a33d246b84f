using Microsoft.Azure.Functions.Worker;
using ServiceDesk.Infrastructure.Mail;

namespace ServiceDesk.Functions.Mail;

/// <summary>Every 15 seconds: ingest new mail of the support mailbox over IMAP (does nothing without ServiceDesk:Mail:Imap:Host).</summary>
public sealed class MailboxPollTimer(ImapMailboxPoller poller)
{
    [Function("MailboxPoll")]
    public Task Run([TimerTrigger("*/15 * * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        poller.RunAsync(cancellationToken);
}
