using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Customers;
using ServiceDesk.Domain.Mail;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Mail;

/// <summary>
/// Mail to tickets, whatever delivered the message (<c>POST /api/inbound/email</c> or the IMAP poller). In order:
/// a Message-ID already processed is ignored; automated mail (our own, bounces, lists, auto-replies) never opens a
/// ticket nor counts as a reply (bounces mark the recipient as bouncing, an auto-reply to a ticket becomes an internal
/// note); then the threading rules pick the ticket (<see cref="ThreadingRules"/>); a new ticket needs a sender whose
/// domain a customer registered (or the Triage policy). The raw message is kept in Blob Storage; replies keep only what
/// the person wrote (<see cref="ReplyStripper"/>). Permanent problems return <c>rejected</c>; storage failures throw.
/// </summary>
public sealed partial class MailIngestion(
    IInboundMailParser parser,
    IMailStore store,
    IMailBlobStore blobs,
    ITicketStore tickets,
    TicketCommands commands,
    TicketUpdater writer,
    ICustomerDirectory customers,
    IOptions<MailOptions> options,
    TimeProvider time,
    ILogger<MailIngestion> logger)
{
    public const string ActorId = "mail";

    /// <param name="router">Workflows that may take a reply first (approval decisions, vendor replies); null: none.</param>
    /// <param name="redrive">An operator's redrive: a mail recorded as rejected is processed again.</param>
    /// <exception cref="TryLaterException">Another delivery of the same mail is being processed.</exception>
    public async Task<MailIngestResult> IngestAsync(byte[] raw, string transport, CancellationToken ct, IMailReplyRouter? router = null, bool redrive = false)
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
                result = classification.Kind switch
                {
                    MailKind.Person => await FromPersonAsync(mail, router, ct),
                    MailKind.AutoReply => await AutoReplyAsync(mail, classification, ct),
                    MailKind.Bounce => await BounceAsync(mail, now, ct),
                    _ => new MailIngestResult(MailIngestResult.Ignored, null, classification.Reason),
                };
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

    private async Task<MailIngestResult> FromPersonAsync(InboundMail mail, IMailReplyRouter? router, CancellationToken ct)
    {
        var (replyTarget, replyVia) = await FindReplyTargetAsync(mail, ct);
        var tokenTarget = await FindTokenTargetAsync(mail, ct);
        if (router is not null)
        {
            var threaded = replyTarget ?? tokenTarget;
            var reply = new MailReply(threaded?.Ticket.State.Number, threaded?.Candidate.SenderIsParticipant ?? false, mail, ReplyStripper.Strip(mail.Text));
            if (await router.RouteAsync(reply, ct) is { } routed)
            {
                return new MailIngestResult(routed.Action, routed.TicketNumber, routed.Reason);
            }
        }
        var decision = ThreadingRules.Decide(replyTarget?.Candidate, replyVia, tokenTarget?.Candidate, time.GetUtcNow(), options.Value.ReopenWindow);
        if (decision.Action == ThreadAction.Append)
        {
            var number = decision.Number!;
            await AppendAsync(number, mail, ReplyStripper.Strip(mail.Text), decision.Reopen, ct);
            return new MailIngestResult(MailIngestResult.Appended, number, decision.Reopen ? "reopened-by-reply" : "reply:" + decision.Via);
        }

        var (customer, unverified) = await CustomerForAsync(mail, ct);
        if (customer is null)
        {
            return new MailIngestResult(MailIngestResult.Rejected, null, "unknown-sender-domain");
        }
        var linkedTo = decision.Action == ThreadAction.NewLinked ? decision.Number : null;
        var text = linkedTo is null ? mail.Text.Trim() : ReplyStripper.Strip(mail.Text);
        var created = await CreateAsync(customer, mail, text, ct);
        var notes = new List<string>();
        if (unverified)
        {
            notes.Add($"Unverified requester: the domain {mail.SenderDomain} is not registered by any customer (triage).");
        }
        await FinishNewTicketAsync(created, mail, linkedTo, notes, ct);
        return new MailIngestResult(MailIngestResult.Created, created,
            linkedTo is not null ? "follow-up-of:" + linkedTo : unverified ? "new-unverified" : "new:" + decision.Via);
    }

    private async Task<MailIngestResult> AutoReplyAsync(InboundMail mail, MailClassification classification, CancellationToken ct)
    {
        var (target, _) = await FindReplyTargetAsync(mail, ct);
        target ??= await FindTokenTargetAsync(mail, ct) is { Candidate.SenderIsParticipant: true } token ? token : null;
        if (target is null || !target.Ticket.State.Status.IsOpen())
        {
            return new MailIngestResult(MailIngestResult.Ignored, target?.Ticket.State.Number, classification.Reason);
        }
        var number = target.Ticket.State.Number;
        var excerpt = Truncate(ReplyStripper.Strip(mail.Text), 1000);
        await ChangeAsync(number, (t, now) => t.Comment($"Auto-reply from {mail.FromAddress} ({classification.Reason}): {excerpt}", true, Actor.System, now), ct);
        return new MailIngestResult(MailIngestResult.Appended, number, "auto-reply-noted");
    }

    private async Task<MailIngestResult> BounceAsync(InboundMail mail, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var recipient in mail.BouncedRecipients)
        {
            await store.MarkBouncingAsync(recipient, Truncate(mail.Subject, 200), now, ct);
        }
        var (target, _) = await FindReplyTargetAsync(mail, ct);
        return new MailIngestResult(MailIngestResult.Ignored, target?.Ticket.State.Number, "bounce");
    }

    private sealed record Target(StoredTicket Ticket, ThreadCandidate Candidate);

    private async Task<(Target? Target, string? Via)> FindReplyTargetAsync(InboundMail mail, CancellationToken ct)
    {
        foreach (var (id, via) in mail.ReplyIds.Take(50))
        {
            if (await store.FindTicketBySentIdAsync(id, ct) is { } number && await tickets.FindAsync(number, ct) is { } ticket)
            {
                return (ToTarget(ticket, mail), via);
            }
        }
        return (null, null);
    }

    private async Task<Target?> FindTokenTargetAsync(InboundMail mail, CancellationToken ct) =>
        TicketToken.Find(mail.Subject) is { } number && await tickets.FindAsync(number, ct) is { } ticket ? ToTarget(ticket, mail) : null;

    private static Target ToTarget(StoredTicket ticket, InboundMail mail) =>
        new(ticket, new ThreadCandidate(ticket.State.Number, ticket.State.Status, ticket.State.ResolvedAt,
            ThreadingRules.IsParticipant(ticket.State, mail.FromAddress)));

    private async Task<(Customer? Customer, bool Unverified)> CustomerForAsync(InboundMail mail, CancellationToken ct)
    {
        var domain = mail.SenderDomain;
        var all = await customers.ListAsync(ct);
        var match = all.FirstOrDefault(c => c.EmailDomains.Contains(domain, StringComparer.OrdinalIgnoreCase));
        if (match is not null)
        {
            return (match, false);
        }
        var o = options.Value;
        if (o.TriageUnknownDomains && o.TriageCustomerId.Length > 0)
        {
            return (await customers.FindAsync(o.TriageCustomerId, ct), true);
        }
        return (null, false);
    }

    private async Task<string> CreateAsync(Customer customer, InboundMail mail, string text, CancellationToken ct)
    {
        var caller = new Caller(ActorId, "Email channel", null, customer.Id, new HashSet<Role> { Role.Integration }, [customer.Id]);
        var language = LanguageOf(mail, customer);
        text = InboundMailText.WithForwarded(text, mail, language);
        var input = new CreateTicketInput
        {
            Kind = nameof(TicketKind.Incident),
            CustomerId = customer.Id,
            Channel = nameof(Channel.Email),
            Title = TitleOf(mail.Subject, text),
            Description = MailText.Cut(text.Length > 0 ? text : "(ingen text / no text)", Limits.DescriptionLength),
            Requester = new RequesterInput
            {
                Name = MailText.Cut(mail.FromName.Length > 0 ? mail.FromName : mail.FromAddress, Limits.ShortTextLength),
                Email = mail.FromAddress,
                Language = language.ToString(),
            },
        };
        var created = await commands.CreateAsync(caller, input, "mail-" + KeyOf(mail.MessageId), ct);
        return created.Ticket.State.Number;
    }

    private static Language LanguageOf(InboundMail mail, Customer customer) =>
        mail.Language?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? Language.En
        : mail.Language?.StartsWith("sv", StringComparison.OrdinalIgnoreCase) == true ? Language.Sv
        : customer.DefaultLanguage;

    private async Task FinishNewTicketAsync(string number, InboundMail mail, string? linkedTo, List<string> notes, CancellationToken ct)
    {
        await store.RecordOriginAsync(number, mail.MessageId, ct);
        notes.AddRange(await StoreAttachmentsAsync(number, mail, ct));
        notes.AddRange(mail.ParserNotes);
        if (linkedTo is null && notes.Count == 0 && !mail.Encrypted)
        {
            return;
        }
        await ChangeAsync(number, (t, now) =>
        {
            if (linkedTo is not null)
            {
                t.AddLink(new TicketLink(LinkType.Related, linkedTo), Actor.System, now);
                notes.Insert(0, $"Follow-up of {linkedTo}: the mail answered it after it was finished (closed, or resolved longer ago than the reopen window).");
            }
            if (notes.Count > 0 && !t.NewActivities.Any(a => a.Type == ActivityType.InternalNote))
            {
                t.Comment(string.Join("\n", notes), true, Actor.System, now);
            }
            if (mail.Encrypted && !t.NewActivities.Any(a => a.Type == ActivityType.Comment))
            {
                // A public comment of the desk: the requester is mailed the answer in their language.
                var sv = t.State.Requester.Language == Language.Sv;
                t.Comment(InboundMailText.EncryptedAnswer(t.State.Requester.Language), false, new Actor("servicedesk", sv ? "Servicedesken" : "The service desk"), now);
            }
        }, ct);
    }

    private async Task AppendAsync(string number, InboundMail mail, string text, bool reopen, CancellationToken ct)
    {
        var notes = await StoreAttachmentsAsync(number, mail, ct);
        notes.AddRange(mail.ParserNotes);
        var actor = new Actor(mail.FromAddress, mail.FromName.Length > 0 ? mail.FromName : mail.FromAddress);
        await ChangeAsync(number, (t, now) =>
        {
            if (reopen && t.Status == TicketStatus.Resolved)
            {
                t.Reopen("Reply by mail", actor, now);
            }
            var shown = InboundMailText.WithForwarded(text, mail, t.State.Requester.Language);
            t.Comment(MailText.Cut(shown.Length > 0 ? shown : "(empty reply)", Limits.CommentLength), false, actor, now);
            if (notes.Count > 0)
            {
                t.Comment(string.Join("\n", notes), true, Actor.System, now);
            }
        }, ct);
    }

    /// <summary>Stores what fits the limits; returns one note line per stored and dropped attachment.</summary>
    private async Task<List<string>> StoreAttachmentsAsync(string number, InboundMail mail, CancellationToken ct)
    {
        var o = options.Value;
        var blocked = o.BlockedExtensions;
        var lines = new List<string>();
        var key = KeyOf(mail.MessageId);
        for (var i = 0; i < mail.Attachments.Count; i++)
        {
            var a = mail.Attachments[i];
            var size = Size(a.Content.Length);
            if (i >= o.MaxAttachments)
            {
                lines.Add(InboundMailText.TooMany(a, size, o.MaxAttachments));
            }
            else if (a.Content.Length > o.MaxAttachmentBytes)
            {
                lines.Add(InboundMailText.TooLarge(a, size, Size(o.MaxAttachmentBytes)));
            }
            else if (blocked.Contains(Path.GetExtension(a.FileName).ToLowerInvariant()))
            {
                lines.Add(InboundMailText.Blocked(a, size));
            }
            else
            {
                var blob = await blobs.SaveAttachmentAsync(number, key, i, a, ct);
                lines.Add(InboundMailText.Stored(a, size, blob));
            }
        }
        return lines;
    }

    private Task ChangeAsync(string number, Action<Ticket, DateTimeOffset> apply, CancellationToken ct) => writer.ChangeAsync(number, apply, ct);

    /// <summary>
    /// The subject without reply/forward prefixes and our token, cut with an ellipsis when longer than a title may be;
    /// without a subject the first words of the body, else "(inget ämne / no subject)".
    /// </summary>
    public static string TitleOf(string subject, string body = "")
    {
        var title = MailText.CleanLine(subject);
        string previous;
        do
        {
            previous = title;
            title = Prefix().Replace(title, "").Trim();
        } while (title != previous);
        title = TokenInSubject().Replace(title, "").Trim();
        if (title.Length == 0)
        {
            title = MailText.TitleFromBody(body, Limits.TitleLength) ?? "(inget ämne / no subject)";
        }
        return MailText.Cut(title, Limits.TitleLength);
    }

    /// <summary>A key-safe short hash of a Message-ID.</summary>
    public static string KeyOf(string messageId) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(messageId)))[..40].ToLowerInvariant();

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1048576.0:0.#} MB" : $"{bytes / 1024.0:0.#} KB";

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    [GeneratedRegex(@"^((re|sv|vs|aw|fw|fwd|vb|vidarebefordrat|antw)\s*(\[\d+\])?\s*:\s*)", RegexOptions.IgnoreCase)]
    private static partial Regex Prefix();

    [GeneratedRegex(@"\[\s*(INC|REQ|PRB)-\d{6,18}\s*\]", RegexOptions.IgnoreCase)]
    private static partial Regex TokenInSubject();

    [LoggerMessage(Level = LogLevel.Information, Message = "Inbound mail via {Transport}: {Action} ({Reason}) {TicketNumber}")]
    private static partial void LogOutcome(ILogger logger, string action, string reason, string? ticketNumber, string transport);

    [LoggerMessage(Level = LogLevel.Error, Message = "Inbound mail {MessageId} via {Transport} failed (attempt {Attempts}); its claim is released for the next delivery")]
    private static partial void LogFailed(ILogger logger, Exception exception, string messageId, string transport, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound mail {MessageId} via {Transport}: the failed claim could not be released; it expires after the claim lease")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string messageId, string transport);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inbound mail via {Transport} rejected: {Reason}")]
    private static partial void LogRejected(ILogger logger, string reason, string transport);
}
