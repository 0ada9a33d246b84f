using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Mail;

namespace ServiceDesk.Application.Workflows;

/// <summary>
/// Stores the mail (once per key) for the workflow view and tests, hands it to the email channel's durable outbox
/// (one outbox row per ticket and key, with our Message-ID recorded so replies thread back to the ticket), and
/// records the send on the ticket without the body (it may hold signed links).
/// </summary>
public sealed class StoredWorkflowMailer(
    IApprovalStore store,
    IWorkflowMailbox mailbox,
    WorkflowTickets tickets,
    IMailOutbox outbox,
    IMailStore mailStore,
    IOptions<MailOptions> mailOptions) : IWorkflowMailer
{
    public async Task SendAsync(WorkflowMail mail, CancellationToken cancellationToken)
    {
        await mailbox.StoreAsync(mail, cancellationToken);
        var eventId = "workflow:" + mail.Key;
        if (await outbox.GetAsync(mail.TicketNumber + "|" + eventId, cancellationToken) is { } existing)
        {
            await outbox.AddAsync(existing, cancellationToken); // re-queues it if a crash left it unqueued
        }
        else
        {
            var messageId = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}.{mail.TicketNumber.ToLowerInvariant()}@{mailOptions.Value.MessageIdDomain}";
            await mailStore.RecordSentIdAsync(messageId, mail.TicketNumber, cancellationToken);
            await outbox.AddAsync(new OutgoingMail(mail.TicketNumber, eventId, "workflow-" + mail.Kind, mail.To, mail.ToName ?? mail.To,
                mail.Subject, mail.Body, messageId, null, "auto-generated"), cancellationToken);
        }
        if (!await store.TryMarkAsync(mail.TicketNumber, "mail:" + mail.Key, cancellationToken))
        {
            return;
        }
        await tickets.ChangeAsync(mail.TicketNumber, (t, now) => t.RecordNotification($"Mail to {mail.To}: {mail.Subject}",
            new Dictionary<string, string> { ["kind"] = mail.Kind, ["to"] = mail.To, ["subject"] = mail.Subject, ["key"] = mail.Key }, now),
            cancellationToken);
    }
}
