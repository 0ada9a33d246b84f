using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using ServiceDesk.Application.Workflows;
using ServiceDesk.Functions.Workflows;
using ServiceDesk.Application.Mail;

namespace ServiceDesk.Functions.Mail;

/// <summary>
/// Every 15 seconds: ingest new mail of the support mailbox over IMAP (does nothing without ServiceDesk:Mail:Imap:Host).
/// Replies threaded to a ticket go to the workflows first (approval decisions, vendor replies).
/// </summary>
public sealed class MailboxPollTimer(MailboxPolling polling, WorkflowMailRouting routing)
{
    [Function("MailboxPoll")]
    public Task Run([TimerTrigger("*/15 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        polling.RunAsync(cancellationToken, routing.For(new DurableApprovalClient(client), new DurableVendorClient(client)));
}
