namespace ServiceDesk.Application.Workflows;

/// <summary>Stores the mail (once per key) and records the notification on the ticket, without the body (it may hold signed links).</summary>
public sealed class StoredWorkflowMailer(IApprovalStore store, IWorkflowMailbox mailbox, WorkflowTickets tickets) : IWorkflowMailer
{
    public async Task SendAsync(WorkflowMail mail, CancellationToken cancellationToken)
    {
        await mailbox.StoreAsync(mail, cancellationToken);
        if (!await store.TryMarkAsync(mail.TicketNumber, "mail:" + mail.Key, cancellationToken))
        {
            return;
        }
        await tickets.ChangeAsync(mail.TicketNumber, (t, now) => t.RecordNotification($"Mail to {mail.To}: {mail.Subject}",
            new Dictionary<string, string> { ["kind"] = mail.Kind, ["to"] = mail.To, ["subject"] = mail.Subject, ["key"] = mail.Key }, now),
            cancellationToken);
    }
}
