using ServiceDesk.Domain.Common;

namespace ServiceDesk.Application.Workflows;

/// <summary>
/// A mail a workflow sends (approval request, reminder, outcome, vendor dispatch...). <see cref="Key"/> is
/// deterministic per ticket and purpose, so a retried activity does not send twice. The subject carries the ticket
/// token <c>[#NUMBER]</c> so replies thread back to the ticket.
/// </summary>
public sealed record WorkflowMail(
    string TicketNumber,
    string Key,
    string Kind,
    string To,
    string? ToName,
    Language Language,
    string Subject,
    string Body);

/// <summary>
/// Sends workflow mails. Until the email channel's outbound API is committed, the implementation stores each mail
/// in the workflow mail table (readable by tests and by the mail channel, which can drain it) and records the send
/// on the ticket. MAIL WIRING: replace <c>StoredWorkflowMailer</c> with an adapter to the mail outbox.
/// </summary>
public interface IWorkflowMailer
{
    Task SendAsync(WorkflowMail mail, CancellationToken cancellationToken);
}

public interface IWorkflowMailbox
{
    Task StoreAsync(WorkflowMail mail, CancellationToken cancellationToken);
    Task<IReadOnlyList<WorkflowMail>> ListAsync(string ticketNumber, CancellationToken cancellationToken);
}
