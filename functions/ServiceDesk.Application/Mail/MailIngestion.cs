using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Mail;

namespace ServiceDesk.Application.Mail;

/// <summary>
/// The delivery of one inbound mail, whatever delivered it (<c>POST /api/inbound/email</c>, the IMAP poller, a redrive):
/// parse, claim its Message-ID, keep the raw message in Blob Storage, classify it, let <see cref="MailTickets"/> apply
/// it, record the outcome. A mail whose outcome exists is a duplicate; a failure after the claim releases it for the
/// next delivery; mail refused for good is recorded as rejected with its raw blob (see the Mail README).
/// </summary>
public sealed partial class MailIngestion(
    IInboundMailParser parser,
    IMailStore store,
    IMailBlobStore blobs,
    MailTickets mailTickets,
    IOptions<MailOptions> options,
    TimeProvider time,
    ILogger<MailIngestion> logger)
{
    public const string ActorId = MailTickets.ActorId;

    /// <param name="router">Workflows that may take a reply first (approval decisions, vendor replies); null: none.</param>
    /// <param name="redrive">An operator's redrive: a mail recorded as rejected is processed again.</param>
    /// <exception cref="TryLaterException">Another delivery of the same mail is being processed.</exception>
    public async Task<MailIngestResult> IngestAsync(byte[] raw, string transport, CancellationToken ct, IMailReplyRouter? router = null, bool redrive = false)
    {
        using var span = ServiceDeskTelemetry.Start(ServiceDeskTelemetry.Spans.MailIngest);
        span?.SetTag(ServiceDeskTelemetry.Channel, transport);
        var result = await IngestOnceAsync(raw, transport, router, redrive, ct);
        span?.SetTag(ServiceDeskTelemetry.TicketNumber, result.TicketNumber);
        span?.SetTag(ServiceDeskTelemetry.Outcome, result.Action);
        span?.SetTag(ServiceDeskTelemetry.Reason, result.Reason);
        return result;
    }

    private async Task<MailIngestResult> IngestOnceAsync(byte[] raw, string transport, IMailReplyRouter? router, bool redrive, CancellationToken ct)
    {
        var o = options.Value;
        if (raw.Length > o.MaxMessageBytes)
        {
            return await RejectAsync(raw, transport, "too-large", null, null, null, redrive, ct);
        }
        InboundMail mail;
        try
        {
            mail = parser.Parse(raw);
        }
        catch (MailRejectedException e)
        {
            return await RejectAsync(raw, transport, e.Reason, e.MessageId, null, e.Subject, redrive, ct);
        }

        var now = time.GetUtcNow();
        var claim = await store.ClaimInboundAsync(new InboundRecord(mail.MessageId, transport, now, mail.FromAddress, Truncate(mail.Subject, 300), null,
            Classification: null, Spf: mail.Authentication.Spf, Dkim: mail.Authentication.Dkim, Dmarc: mail.Authentication.Dmarc,
            AuthServId: mail.Authentication.AuthServId), o.ClaimLease, redrive, ct);
        if (Settled(claim, o) is { } settled)
        {
            return settled;
        }
        var record = claim.Record;
        try
        {
            record = record with { RawBlob = await blobs.SaveRawAsync(mail.MessageId, raw, ct) };
            var classification = LoopDetector.Classify(mail.Signals, o.MessageIdDomain);
            record = record with { Classification = classification.Kind.ToString() };
            MailIngestResult result;
            try
            {
                result = await mailTickets.ApplyAsync(mail, classification, router, ct);
            }
            catch (ValidationException e)
            {
                // Permanent: this mail would fail the same way every time. Recorded with its raw blob for an operator.
                result = new MailIngestResult(MailIngestResult.Rejected, null, "invalid:" + string.Join(",", e.Errors.Keys));
            }
            await store.CompleteInboundAsync(record with
            {
                Action = result.Action, TicketNumber = result.TicketNumber, Reason = result.Reason,
            }, ct);
            LogOutcome(logger, result.Action, result.Reason, result.TicketNumber, transport);
            return result with { MessageId = mail.MessageId };
        }
        catch (Exception e)
        {
            await ReleaseAsync(record, e, transport);
            throw;
        }
    }

    /// <summary>An operator's redrive of a recorded mail (rejected, or failed): its raw message ingested again.</summary>
    public async Task<MailIngestResult> RedriveAsync(string messageId, IMailReplyRouter? router, CancellationToken ct)
    {
        var record = await store.FindInboundAsync(messageId, ct) ?? throw new NotFoundException($"No inbound mail {messageId} is recorded.");
        if (record.Completed && record.Action != MailIngestResult.Rejected)
        {
            throw new ConflictException("mail.not-rejected", $"The mail was {record.Action} ({record.Reason}); only rejected or failed mail is redriven.");
        }
        var raw = record.RawBlob is { } blob ? await blobs.ReadRawAsync(blob, ct) : null;
        if (raw is null)
        {
            throw new ConflictException("mail.raw-missing", "The raw message of this record is not stored; it cannot be redriven.");
        }
        return await IngestAsync(raw, "redrive", ct, router, redrive: true);
    }

    /// <summary>
    /// A mail a transport gave up on after repeated failures (the IMAP poller after its attempts): recorded as rejected
    /// with its raw blob, so an operator sees it and can redrive it. A mail whose outcome exists stays as it is.
    /// </summary>
    public async Task<MailIngestResult> RecordFailureAsync(byte[] raw, string transport, string reason, CancellationToken ct)
    {
        string? id = null, from = null, subject = null;
        try
        {
            var mail = parser.Parse(raw);
            (id, from, subject) = (mail.MessageId, mail.FromAddress, mail.Subject);
        }
        catch (MailRejectedException e)
        {
            (id, subject) = (e.MessageId, e.Subject);
        }
        return await RejectAsync(raw, transport, reason, id, from, subject, redrive: false, ct, lease: TimeSpan.Zero);
    }

    /// <summary>Null when the claim is ours; else the answer for a mail whose outcome exists or that is busy elsewhere.</summary>
    private MailIngestResult? Settled(InboundClaim claim, MailOptions o)
    {
        switch (claim.State)
        {
            case InboundClaimState.Done:
                return new MailIngestResult(MailIngestResult.Ignored, claim.Record.TicketNumber, "duplicate") { MessageId = claim.Record.MessageId };
            case InboundClaimState.InProgress:
                var age = time.GetUtcNow() - (claim.Record.ClaimedAt ?? claim.Record.ReceivedAt);
                var wait = (int)Math.Clamp((o.ClaimLease - age).TotalSeconds, 1, o.ClaimLeaseSeconds);
                throw new TryLaterException("mail.in-progress",
                    $"Another delivery of {claim.Record.MessageId} is being processed; retry after {wait} s.", wait);
            default:
                return null;
        }
    }

    /// <summary>A mail refused for a permanent reason before it could be read: recorded with its raw blob, once.</summary>
    private async Task<MailIngestResult> RejectAsync(byte[] raw, string transport, string reason, string? messageId, string? from, string? subject,
        bool redrive, CancellationToken ct, TimeSpan? lease = null)
    {
        var o = options.Value;
        var id = messageId ?? "sha256-" + Convert.ToHexString(SHA256.HashData(raw))[..40].ToLowerInvariant() + "@rejected";
        var claim = await store.ClaimInboundAsync(new InboundRecord(id, transport, time.GetUtcNow(), from, subject is null ? null : Truncate(subject, 300), null),
            lease ?? o.ClaimLease, redrive, ct);
        if (Settled(claim, o) is { } settled)
        {
            return settled;
        }
        try
        {
            var blob = await blobs.SaveRawAsync(id, raw, ct);
            await store.CompleteInboundAsync(claim.Record with { RawBlob = blob, Action = MailIngestResult.Rejected, Reason = reason }, ct);
        }
        catch (Exception e)
        {
            await ReleaseAsync(claim.Record, e, transport);
            throw;
        }
        LogRejected(logger, reason, transport);
        return new MailIngestResult(MailIngestResult.Rejected, null, reason) { MessageId = id };
    }

    /// <summary>Best effort: when storage itself is down the claim stays until its lease runs out.</summary>
    private async Task ReleaseAsync(InboundRecord record, Exception error, string transport)
    {
        try
        {
            // Bounded: when storage is what failed, the caller should hear so soon; the claim's lease covers the rest.
            using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await store.ReleaseInboundAsync(record, error.GetType().Name + ": " + error.Message, bounded.Token);
        }
        catch (Exception e)
        {
            LogReleaseFailed(logger, e, record.MessageId, transport);
        }
        LogFailed(logger, error, record.MessageId, transport, record.Attempts);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound mail via {Transport}: {Action} ({Reason}) {TicketNumber}")]
    private static partial void LogOutcome(ILogger logger, string action, string reason, string? ticketNumber, string transport);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbound mail {MessageId} via {Transport} failed (attempt {Attempts}); its claim is released for the next delivery")]
    private static partial void LogFailed(ILogger logger, Exception exception, string messageId, string transport, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound mail {MessageId} via {Transport}: the failed claim could not be released; it expires after the claim lease")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string messageId, string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound mail via {Transport} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason, string transport);
}
