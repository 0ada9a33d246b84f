namespace ServiceDesk.Application.Mail;

/// <summary>
/// A mail from a person that may answer a workflow (an approval request, a case sent to a vendor).
/// <paramref name="TicketNumber"/> is the ticket it threads to (our Message-ID in In-Reply-To/References, or the
/// subject token), null when none; <paramref name="Text"/> is what the sender wrote (quotes stripped).
/// </summary>
public sealed record MailReply(string? TicketNumber, bool SenderIsParticipant, InboundMail Mail, string Text);

/// <summary>What a router did with a reply: the ingestion result's action (<see cref="MailIngestResult"/>), ticket and reason.</summary>
public sealed record MailRouting(string Action, string TicketNumber, string Reason);

/// <summary>
/// Lets workflows take replies before the email channel treats them as comments or new tickets. The transports
/// (HTTP, IMAP) pass one per delivery; the pipeline itself knows nothing of Durable Functions.
/// </summary>
public interface IMailReplyRouter
{
    /// <summary>Null when the mail is not for a workflow: the email channel processes it as usual.</summary>
    Task<MailRouting?> RouteAsync(MailReply reply, CancellationToken cancellationToken);
}
