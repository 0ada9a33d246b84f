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
/// Sends workflow mails: <see cref="StoredWorkflowMailer"/> keeps a copy in the workflow mail table and hands the
/// mail to the email channel's outbox.
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
