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
/// What a mail that was read does to tickets. Automated mail (our own, bounces, lists, auto-replies) never opens a
/// ticket nor counts as a reply (bounces mark the recipient as bouncing, an auto-reply to a ticket becomes an internal
/// note); a person's mail goes to the workflows first (approval decisions, vendor replies), then the threading rules
/// pick the ticket (<see cref="ThreadingRules"/>); a new ticket needs a sender whose domain a customer registered (or
/// the Triage policy). Replies keep only what the person wrote (<see cref="ReplyStripper"/>); forwarded messages are
/// shown under a heading in the requester's language (<see cref="InboundMailText"/>).
/// </summary>
public sealed class MailTickets(
    IMailStore store,
    InboundAttachments attachments,
    ITicketStore tickets,
    TicketCommands commands,
    TicketUpdater writer,
    ICustomerDirectory customers,
    IOptions<MailOptions> options,
    TimeProvider time)
{
    public const string ActorId = "mail";

    public async Task<MailIngestResult> ApplyAsync(InboundMail mail, MailClassification classification, IMailReplyRouter? router, CancellationToken ct) =>
        classification.Kind switch
        {
            MailKind.Person => await FromPersonAsync(mail, router, ct),
            MailKind.AutoReply => await AutoReplyAsync(mail, classification, ct),
            MailKind.Bounce => await BounceAsync(mail, time.GetUtcNow(), ct),
            _ => new MailIngestResult(MailIngestResult.Ignored, null, classification.Reason),
        };

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
            Title = MailSubject.TitleOf(mail.Subject, text),
            Description = MailText.Cut(text.Length > 0 ? text : "(ingen text / no text)", Limits.DescriptionLength),
            Requester = new RequesterInput
            {
                Name = MailText.Cut(mail.FromName.Length > 0 ? mail.FromName : mail.FromAddress, Limits.ShortTextLength),
                Email = mail.FromAddress,
                Language = language.ToString(),
            },
        };
        var created = await commands.CreateAsync(caller, input, "mail-" + MailKeys.KeyOf(mail.MessageId), ct);
        return created.Ticket.State.Number;
    }

    private static Language LanguageOf(InboundMail mail, Customer customer) =>
        mail.Language?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? Language.En
        : mail.Language?.StartsWith("sv", StringComparison.OrdinalIgnoreCase) == true ? Language.Sv
        : customer.DefaultLanguage;

    private async Task FinishNewTicketAsync(string number, InboundMail mail, string? linkedTo, List<string> notes, CancellationToken ct)
    {
        await store.RecordOriginAsync(number, mail.MessageId, ct);
        notes.AddRange(await attachments.StoreAsync(number, mail, ct));
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
        var notes = await attachments.StoreAsync(number, mail, ct);
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

    private Task ChangeAsync(string number, Action<Ticket, DateTimeOffset> apply, CancellationToken ct) => writer.ChangeAsync(number, apply, ct);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
