using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;

namespace ServiceDesk.Application.Mail;

/// <summary>For administrators: what came in by mail (with outcome and evidence) and what waits in or left the outbox.</summary>
public sealed class MailAdministration(IMailStore store, IMailOutbox outbox, MailIngestion ingestion)
{
    /// <summary>The outcomes, and <c>failed</c>: deliveries that failed and wait for the next delivery (or a redrive).</summary>
    public const string Failed = "failed";

    private static readonly string[] Actions = [MailIngestResult.Created, MailIngestResult.Appended, MailIngestResult.Ignored, MailIngestResult.Rejected, Failed];
    private static readonly string[] Statuses = [OutgoingMail.Pending, OutgoingMail.Sent, OutgoingMail.Failed];

    public Task<Page<InboundRecord>> ListInboundAsync(Caller caller, string? action, string? pageSize, string? continuationToken, CancellationToken ct)
    {
        RequireAdmin(caller);
        if (action is not null && !Actions.Contains(action))
        {
            throw ValidationException.For("action", FieldRule.NotAllowed, "'action' must be created, appended, ignored, rejected or failed.");
        }
        var size = int.TryParse(pageSize, out var s) && s is >= 1 and <= Limits.MaxPageSize ? s : Limits.DefaultPageSize;
        return store.ListInboundAsync(action, size, continuationToken, ct);
    }

    public Task<IReadOnlyList<OutgoingMail>> ListOutboxAsync(Caller caller, string? status, CancellationToken ct)
    {
        RequireAdmin(caller);
        if (status is not null && !Statuses.Contains(status))
        {
            throw ValidationException.For("status", FieldRule.NotAllowed, "'status' must be pending, sent or failed.");
        }
        return outbox.ListAsync(status, 500, ct);
    }

    /// <summary>Ingests a recorded mail again from its raw blob: one that was rejected, or whose delivery failed.</summary>
    public Task<MailIngestResult> RedriveInboundAsync(Caller caller, string? messageId, IMailReplyRouter? router, CancellationToken ct)
    {
        RequireAdmin(caller);
        if (string.IsNullOrWhiteSpace(messageId) || messageId.Length > 1000)
        {
            throw ValidationException.For("messageId", FieldRule.Required, "'messageId' is required: the MessageId of an inbound record (GET /api/mail/inbound).");
        }
        return ingestion.RedriveAsync(messageId.Trim(), router, ct);
    }

    private static void RequireAdmin(Caller caller)
    {
        if (!caller.Has(Role.Admin))
        {
            throw new ForbiddenException("Only administrators may read the mail records.");
        }
    }
}
