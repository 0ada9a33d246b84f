using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

public sealed record ApproverDecisionInput
{
    /// <summary>"approve" or "reject".</summary>
    public string? Decision { get; init; }
    public string? Comment { get; init; }
}

/// <summary>A pending approval as an approver sees it.</summary>
public sealed record PendingApproval(string TicketNumber, string Item, int Step, string StepName, DateTimeOffset? ExpiresAt);

/// <summary>What a decision link shows before it is used (the GET page).</summary>
public sealed record LinkPreview(string TicketNumber, string Item, int Step, string ApproverName, ApprovalDecision Decision);

/// <summary>
/// Decisions from the three channels (approver API, signed link, mail reply) become one event. Each is accepted
/// only when <see cref="Approval.RefusalFor"/> finds nothing against it (the orchestration asks the same rule again
/// when the event arrives); anything else is refused, recorded as a security event on the ticket, and changes
/// nothing. Single use: a link's nonce is recorded, and an approver decides a step once.
/// </summary>
public sealed class ApprovalDecisions(IApprovalStore approvals, WorkflowTickets tickets, DecisionLinkSigner signer, TimeProvider time)
{
    public async Task<IReadOnlyList<PendingApproval>> ListMineAsync(Caller caller, CancellationToken ct)
    {
        RequireApprover(caller);
        var waiting = await approvals.ListWaitingAsync(caller.CustomerId, ct);
        return waiting
            .Select(Approval.Restore)
            .Where(a => a.Current is { } step && step.Find(caller.UserId, caller.Email) is { } me && a.MayDecide(step.Index, me.UserId))
            .Select(a => new PendingApproval(a.TicketNumber, a.State.CatalogItemName, a.State.CurrentStep, a.Current!.Name, a.Current.State.ExpiresAt))
            .ToList();
    }

    public async Task DecideAsync(Caller caller, string ticketNumber, int step, ApproverDecisionInput input, IApprovalWorkflowClient client, CancellationToken ct)
    {
        RequireApprover(caller);
        var errors = new FieldErrors();
        var decision = errors.Enum<ApprovalDecision>("decision", input.Decision, required: true);
        var comment = errors.Text("comment", input.Comment, Limits.CommentLength, required: false);
        errors.ThrowIfAny();
        var record = await approvals.FindAsync(ticketNumber, ct);
        if (record is null || record.CustomerId != caller.CustomerId)
        {
            throw new NotFoundException($"No approval for ticket {ticketNumber} was found.");
        }
        var approval = Approval.Restore(record);
        var approver = approval.Current?.Find(caller.UserId, caller.Email);
        if (approval.RefusalFor(step, approver?.UserId) is { } refusal)
        {
            await RefuseAsync(ticketNumber, DecisionChannel.Api, caller.UserId, refusal, ct);
            throw new ForbiddenException($"You may not decide step {step + 1} of ticket {ticketNumber}: {refusal}.");
        }
        await client.RaiseDecisionAsync(ticketNumber, new ApprovalDecisionEvent(
            "api:" + Guid.NewGuid().ToString("N"), step, approver!.UserId, decision!.Value, comment, DecisionChannel.Api,
            caller.Email, null, null, time.GetUtcNow()), ct);
    }

    /// <summary>The GET of a link: checks it without using it (mail scanners prefetch links).</summary>
    public async Task<LinkPreview> PreviewLinkAsync(string? token, CancellationToken ct)
    {
        var (claims, record, approver) = await ValidateLinkAsync(token, record: false, ct);
        return new LinkPreview(claims.TicketNumber, record.CatalogItemName, claims.Step, approver.Name, claims.Decision);
    }

    public async Task<LinkPreview> DecideByLinkAsync(string? token, string? clientAddress, IApprovalWorkflowClient client, CancellationToken ct)
    {
        var (claims, record, approver) = await ValidateLinkAsync(token, record: true, ct);
        if (!await approvals.TryMarkAsync(claims.TicketNumber, "link:" + claims.Nonce, ct))
        {
            await RefuseAsync(claims.TicketNumber, DecisionChannel.Link, claims.ApproverId, "the link was already used", ct);
            throw new ForbiddenException("This link was already used.");
        }
        await client.RaiseDecisionAsync(claims.TicketNumber, new ApprovalDecisionEvent(
            "link:" + claims.Nonce, claims.Step, approver.UserId, claims.Decision, null, DecisionChannel.Link,
            clientAddress, null, null, time.GetUtcNow()), ct);
        return new LinkPreview(claims.TicketNumber, record.CatalogItemName, claims.Step, approver.Name, claims.Decision);
    }

    /// <summary>
    /// Hook for the email channel: a reply to an approval mail. <paramref name="authenticated"/> is the channel's
    /// verdict on the sender (DKIM/DMARC pass in Authentication-Results when the deployment requires it).
    /// </summary>
    public async Task<MailDecisionOutcome> DecideByMailAsync(string ticketNumber, string fromAddress, string? text, string messageId,
        string? authenticationResults, bool authenticated, IApprovalWorkflowClient client, CancellationToken ct)
    {
        var record = await approvals.FindAsync(ticketNumber, ct);
        var approval = record is null ? null : Approval.Restore(record);
        if (approval?.Current is not { } step)
        {
            if (approval is not null)
            {
                await RefuseAsync(ticketNumber, DecisionChannel.Mail, fromAddress, Approval.ClosedRefusal, ct);
            }
            return MailDecisionOutcome.NotAnApproval;
        }
        var approver = step.Find(null, fromAddress);
        var refusal = !authenticated ? "the sender's mail authentication did not pass" : approval.RefusalFor(step.Index, approver?.UserId);
        if (refusal is not null)
        {
            await RefuseAsync(ticketNumber, DecisionChannel.Mail, fromAddress, refusal, ct);
            return MailDecisionOutcome.Refused;
        }
        var (decision, comment) = DecisionReply.Parse(text);
        if (decision is null)
        {
            return MailDecisionOutcome.NotUnderstood;
        }
        await client.RaiseDecisionAsync(ticketNumber, new ApprovalDecisionEvent("mail:" + messageId, step.Index, approver!.UserId, decision.Value,
            comment, DecisionChannel.Mail, fromAddress, messageId, authenticationResults, time.GetUtcNow()), ct);
        return MailDecisionOutcome.Accepted;
    }

    private async Task<(DecisionLinkClaims Claims, ApprovalState Record, Approver Approver)> ValidateLinkAsync(string? token, bool record, CancellationToken ct)
    {
        var verification = signer.Verify(token, time.GetUtcNow());
        var claims = verification.Claims;
        if (verification.Failure is not null || claims is null)
        {
            if (record && claims is not null)
            {
                await RefuseAsync(claims.TicketNumber, DecisionChannel.Link, claims.ApproverId, $"the link is {verification.Failure}", ct);
            }
            throw new ForbiddenException(verification.Failure == "expired" ? "This link has expired." : "This link is not valid.");
        }
        var stored = await approvals.FindAsync(claims.TicketNumber, ct);
        var approval = stored is null ? null : Approval.Restore(stored);
        var approver = approval?.Current?.Find(claims.ApproverId, null);
        var refusal = approval is null ? "there is no approval for the ticket" : approval.RefusalFor(claims.Step, approver?.UserId);
        if (refusal is not null)
        {
            if (record && approval is not null)
            {
                await RefuseAsync(claims.TicketNumber, DecisionChannel.Link, claims.ApproverId, refusal, ct);
            }
            throw new ForbiddenException($"This link can no longer be used: {refusal}.");
        }
        return (claims, stored!, approver!);
    }

    private Task RefuseAsync(string ticketNumber, string channel, string who, string reason, CancellationToken ct) =>
        tickets.RecordSecurityEventAsync(ticketNumber, "decisionRefused", $"A decision ({channel}) from '{who}' was refused: {reason}. Nothing was changed.",
            new Dictionary<string, string> { ["channel"] = channel, ["who"] = who, ["reason"] = reason }, ct);

    private static void RequireApprover(Caller caller)
    {
        if (!caller.Has(Role.Approver))
        {
            throw new ForbiddenException("Only approvers may list or decide approvals.");
        }
    }
}

public enum MailDecisionOutcome
{
    Accepted,
    /// <summary>No decision word on the first line: send the bilingual "could not understand" reply.</summary>
    NotUnderstood,
    /// <summary>Not from a designated approver, not authenticated, or too late: recorded as a security event.</summary>
    Refused,
    /// <summary>The ticket has no open approval: treat the mail as an ordinary reply.</summary>
    NotAnApproval,
}
