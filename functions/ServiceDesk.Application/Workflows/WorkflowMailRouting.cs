using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Mail;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Workflows;

namespace ServiceDesk.Application.Workflows;

/// <summary>
/// Mail replies into workflows, before the email channel treats them as comments. A reply threaded to a ticket
/// (our Message-ID or the subject token) from the address of the vendor the ticket is with becomes a
/// <see cref="VendorEvent"/> (the first reply acknowledges, a reply saying resolved/fixed/löst resolves, anything
/// else is an update relayed as an internal note); so does a mail from a vendor's address carrying the vendor's own
/// ticket number (its <c>ticketNumberPattern</c>) of a case it acknowledged. A reply from anyone but the ticket's
/// requester and watchers goes to <see cref="ApprovalDecisions.DecideByMailAsync"/>; a reply without a decision
/// word gets the bilingual "could not understand" mail. Only mails classified as from a person get here (the loop
/// rules keep auto-replies, bounces and lists out), so the reply never answers an automated mail.
/// </summary>
public sealed partial class WorkflowMailRouting(
    ApprovalDecisions decisions,
    IVendorCaseStore cases,
    IVendorRegistry vendors,
    ICustomerDirectory customers,
    IWorkflowMailer mailer,
    IOptions<WorkflowOptions> options,
    TimeProvider time)
{
    /// <summary>A router over one invocation's Durable clients.</summary>
    public IMailReplyRouter For(IApprovalWorkflowClient approvals, IVendorWorkflowClient vendorClient) => new Router(this, approvals, vendorClient);

    /// <summary>Whether the sender passes the deployment's rule: DKIM or DMARC pass when <see cref="WorkflowOptions.RequireAuthenticatedMailReplies"/>.</summary>
    public bool IsAuthenticated(InboundMail mail) =>
        options.Value.RequireAuthenticatedMailReplies != true
        || string.Equals(mail.Authentication.Dkim, "pass", StringComparison.OrdinalIgnoreCase)
        || string.Equals(mail.Authentication.Dmarc, "pass", StringComparison.OrdinalIgnoreCase);

    private sealed class Router(WorkflowMailRouting owner, IApprovalWorkflowClient approvals, IVendorWorkflowClient vendorClient) : IMailReplyRouter
    {
        public Task<MailRouting?> RouteAsync(MailReply reply, CancellationToken ct) => owner.RouteAsync(reply, approvals, vendorClient, ct);
    }

    private async Task<MailRouting?> RouteAsync(MailReply reply, IApprovalWorkflowClient approvals, IVendorWorkflowClient vendorClient, CancellationToken ct)
    {
        var mail = reply.Mail;
        if (reply.TicketNumber is null)
        {
            return await VendorByReferenceAsync(reply, vendorClient, ct);
        }
        var number = reply.TicketNumber;
        if (await cases.FindAsync(number, ct) is { Status: not VendorCaseStatus.Closed } vendorCase &&
            await vendors.FindVendorAsync(vendorCase.CustomerId, vendorCase.VendorId, ct) is { } vendor && IsVendorAddress(vendor, mail.FromAddress))
        {
            return await RaiseVendorEventAsync(vendorCase, vendor, reply, vendorClient, ct);
        }
        if (reply.SenderIsParticipant)
        {
            return null; // the requester or a watcher commenting on their own request
        }
        var outcome = await decisions.DecideByMailAsync(number, mail.FromAddress, reply.Text, mail.MessageId, mail.Authentication.Raw,
            IsAuthenticated(mail), approvals, ct);
        switch (outcome)
        {
            case MailDecisionOutcome.Accepted:
                return new MailRouting(MailIngestResult.Appended, number, "approval-decision");
            case MailDecisionOutcome.Refused:
                return new MailRouting(MailIngestResult.Ignored, number, "approval-refused");
            case MailDecisionOutcome.NotUnderstood:
                await mailer.SendAsync(new WorkflowMail(number, "approval:not-understood:" + MailKeys.KeyOf(mail.MessageId), "approval-not-understood",
                    mail.FromAddress, mail.FromName.Length > 0 ? mail.FromName : null, Language.Sv,
                    $"{ApprovalTexts.NotUnderstoodSubjectPrefix} [#{number}]", ApprovalTexts.NotUnderstoodBody), ct);
                return new MailRouting(MailIngestResult.Ignored, number, "approval-not-understood");
            default:
                return null;
        }
    }

    /// <summary>No thread and no token: a vendor's mail quoting its own ticket number of a case it acknowledged.</summary>
    private async Task<MailRouting?> VendorByReferenceAsync(MailReply reply, IVendorWorkflowClient vendorClient, CancellationToken ct)
    {
        var mail = reply.Mail;
        foreach (var customer in await customers.ListAsync(ct))
        {
            foreach (var vendor in await vendors.ListVendorsAsync(customer.Id, ct))
            {
                if (!IsVendorAddress(vendor, mail.FromAddress) || FindReference(vendor, mail.Subject + "\n" + reply.Text) is not { } reference)
                {
                    continue;
                }
                if (await cases.FindByVendorReferenceAsync(customer.Id, vendor.Id, reference, ct) is { Status: not VendorCaseStatus.Closed } vendorCase)
                {
                    return await RaiseVendorEventAsync(vendorCase, vendor, reply, vendorClient, ct);
                }
            }
        }
        return null;
    }

    private async Task<MailRouting> RaiseVendorEventAsync(VendorCase vendorCase, Vendor vendor, MailReply reply, IVendorWorkflowClient vendorClient, CancellationToken ct)
    {
        var mail = reply.Mail;
        var kind = KindOf(vendorCase, mail.Subject, reply.Text);
        var text = reply.Text.Length > 0 ? reply.Text : mail.Subject;
        await vendorClient.RaiseVendorEventAsync(vendorCase.TicketNumber, new VendorEvent("mail:" + mail.MessageId, kind,
            FindReference(vendor, mail.Subject + "\n" + reply.Text), text.Length <= Common.Limits.CommentLength ? text : text[..Common.Limits.CommentLength],
            "mail", time.GetUtcNow()), ct);
        return new MailRouting(MailIngestResult.Appended, vendorCase.TicketNumber, "vendor-" + kind);
    }

    /// <summary>Resolved when the subject or the first line says so (and not "not yet"); the first other reply acknowledges; later ones are updates.</summary>
    public static string KindOf(VendorCase vendorCase, string subject, string text)
    {
        var firstLine = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
        if (SaysResolved(firstLine) || SaysResolved(subject))
        {
            return VendorEvent.Resolved;
        }
        return vendorCase.Status == VendorCaseStatus.Dispatched ? VendorEvent.Acknowledged : VendorEvent.Update;
    }

    private static bool SaysResolved(string line) => ResolvedWords().IsMatch(line) && !Negation().IsMatch(line);

    private static bool IsVendorAddress(Vendor vendor, string address) =>
        vendor.Email is { Length: > 0 } email && string.Equals(email, address, StringComparison.OrdinalIgnoreCase);

    private static string? FindReference(Vendor vendor, string text)
    {
        if (vendor.TicketNumberPattern is null)
        {
            return null;
        }
        try
        {
            var match = Regex.Match(text, vendor.TicketNumberPattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return match.Success ? match.Value : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\b(resolved|fixed|solved|closed|löst|lösts|åtgärdad|åtgärdat|stängd|stängt)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ResolvedWords();

    [GeneratedRegex(@"\b(not|yet|inte|ej|ännu|än)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negation();
}
