using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ServiceDesk.Domain.Tickets;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>
/// Composes the approval mails (texts in <see cref="ApprovalTexts"/>): the request or reminder to one approver, with
/// signed single-use approve and reject links valid until the step expires, and the outcome to the requester. Keys
/// are deterministic, so a retried activity stores each mail once.
/// </summary>
public sealed class ApprovalMails(DecisionLinkSigner signer, IOptions<WorkflowOptions> options, TimeProvider time)
{
    private WorkflowOptions Options => options.Value;

    /// <summary>Null when the approver has no address.</summary>
    public WorkflowMail? Request(ApprovalState approval, ApprovalStepState step, Approver approver, TicketState ticket) =>
        ToApprover("request", "", approval, step, approver, ticket);

    /// <param name="reminder">How many reminders were sent before this one: each reminder is one mail, even when retried.</param>
    public WorkflowMail? Reminder(ApprovalState approval, ApprovalStepState step, Approver approver, TicketState ticket, int reminder) =>
        ToApprover("reminder", reminder.ToString(), approval, step, approver, ticket);

    /// <summary>Null when the requester has no address.</summary>
    public static WorkflowMail? Outcome(TicketState ticket, WorkflowStatus outcome, string reason)
    {
        if (ticket.Requester.Email is not { } email)
        {
            return null;
        }
        var (subject, body) = ApprovalTexts.Outcome(ticket.Requester.Language, ticket.Number, ticket.Title, outcome, reason);
        return new WorkflowMail(ticket.Number, $"outcome:{outcome}", "approvalOutcome", email, ticket.Requester.Name, ticket.Requester.Language, subject, body);
    }

    private WorkflowMail? ToApprover(string kind, string round, ApprovalState approval, ApprovalStepState step, Approver approver, TicketState ticket)
    {
        if (approver.Email is null)
        {
            return null;
        }
        var expires = step.ExpiresAt ?? time.GetUtcNow().Add(Options.ApprovalExpireAfter);
        string Link(ApprovalDecision decision) => Options.PublicBaseUrl.TrimEnd('/') + "/api/approvals/link?token=" + Uri.EscapeDataString(signer.Sign(
            new DecisionLinkClaims(approval.TicketNumber, step.Index, approver.UserId, decision, expires, Convert.ToHexString(RandomNumberGenerator.GetBytes(12)))));
        var subject = ApprovalTexts.Subject(approver.Language, approval.TicketNumber, approval.CatalogItemName, kind);
        var body = ApprovalTexts.RequestBody(approver.Language, approver.Name, ticket.Requester.Name, ticket.Title, ticket.Description,
            Link(ApprovalDecision.Approve), Link(ApprovalDecision.Reject), expires);
        return new WorkflowMail(approval.TicketNumber, $"{kind}:{step.Index}:{approver.UserId}:{round}", "approval-" + kind, approver.Email, approver.Name,
            approver.Language, subject, body);
    }
}
