using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ServiceDesk.Application.Common;
using ServiceDesk.Application.Customers;
using ServiceDesk.Application.Mail;
using ServiceDesk.Application.Security;
using ServiceDesk.Application.ServiceLevels;
using ServiceDesk.Application.Tickets;
using ServiceDesk.Domain.Common;
using ServiceDesk.Domain.Surveys;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Application.Surveys;

/// <summary>
/// The satisfaction survey of a resolved ticket: read by the requester and staff who may see the ticket, answered
/// (and changed within the window) by the requester only. A ticket has a survey from its first resolution on; a new
/// resolution restarts the window and keeps the answer. A low rating notifies the assignment group and, when the
/// requester asks and the ticket's reopen window is still open, reopens the ticket.
/// </summary>
public sealed class Surveys(
    ITicketStore tickets,
    ICustomerDirectory customers,
    ISurveyStore store,
    TicketUpdater updater,
    IServiceLevelStore groups,
    IMailOutbox outbox,
    IOptions<SurveyOptions> options,
    IOptions<MailOptions> mailOptions,
    TimeProvider time)
{
    public async Task<SurveyView> GetAsync(Caller caller, string number, CancellationToken ct)
    {
        var stored = await TicketLoader.LoadVisibleAsync(tickets, customers, caller, number, ct);
        var answer = await store.FindAsync(stored.State.Number, ct);
        return View(stored.State, answer) ?? throw NoSurvey(stored.State.Number);
    }

    public async Task<SurveyView> AnswerAsync(Caller caller, string number, SurveyInput input, CancellationToken ct)
    {
        var errors = new FieldErrors();
        if (input.Rating is not { } rating || !SurveyRules.IsValidRating(rating))
        {
            errors.Add("rating", input.Rating is null ? FieldRule.Required : FieldRule.Range,
                $"'rating' must be a whole number from {SurveyRules.MinRating} to {SurveyRules.MaxRating}.",
                FieldErrors.Args(("min", SurveyRules.MinRating), ("max", SurveyRules.MaxRating)));
        }
        var comment = errors.Text("comment", input.Comment, SurveyRules.MaxCommentLength, required: false);
        var stored = await TicketLoader.LoadVisibleAsync(tickets, customers, caller, number, ct);
        if (stored.State.Requester.Id != caller.UserId)
        {
            throw new ForbiddenException("Only the ticket's requester answers its survey.");
        }
        errors.ThrowIfAny();
        return await SaveAsync(stored.State, input.Rating!.Value, comment, input.Reopen == true, ct);
    }

    /// <summary>Records an answer for the ticket's requester (the portal after its checks, or a signed mail link).</summary>
    public async Task<SurveyView> SaveAsync(TicketState ticket, int rating, string? comment, bool reopen, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var before = await store.FindAsync(ticket.Number, ct);
        var until = Window(ticket, before) ?? throw NoSurvey(ticket.Number);
        if (now >= until)
        {
            throw new ConflictException("survey.closed", $"The survey of {ticket.Number} closed at {until:yyyy-MM-dd HH:mm} UTC; the answer can no longer be changed.");
        }
        var answer = new SurveyAnswer(ticket.Number, ticket.CustomerId, ticket.Requester.Id, ticket.AssignmentGroup, rating, comment, now, until);
        await store.SaveAsync(before, answer, ct);
        if (SurveyRules.IsLow(rating))
        {
            await LowRatingAsync(ticket, answer, reopen, ct);
        }
        return View(ticket, answer)!;
    }

    /// <summary>The end of the window the ticket's survey is in, or null when it has none (never resolved, or surveys off).</summary>
    public DateTimeOffset? Window(TicketState ticket, SurveyAnswer? answer) =>
        options.Value.Enabled || answer is not null
            ? SurveyRules.ChangeableUntil(ticket.ResolvedAt, answer, options.Value.ChangeableDays)
            : null;

    private SurveyView? View(TicketState ticket, SurveyAnswer? answer) =>
        Window(ticket, answer) is not { } until
            ? null
            : new SurveyView(ticket.Number, SurveyRules.Status(until, answer, time.GetUtcNow()), answer?.Rating, answer?.Comment, answer?.AnsweredAt, until);

    private async Task LowRatingAsync(TicketState ticket, SurveyAnswer answer, bool reopen, CancellationToken ct)
    {
        var rating = answer.Rating.ToString(CultureInfo.InvariantCulture);
        var reopenable = reopen && ticket.Status == TicketStatus.Resolved && ticket.ResolvedAt is { } resolved
                         && answer.AnsweredAt < resolved + mailOptions.Value.ReopenWindow;
        await updater.ChangeAsync(ticket.Number, (t, now) =>
        {
            t.RecordWorkflowStep($"Low satisfaction rating {rating}/5 from the requester{(answer.Comment is null ? "" : ": " + answer.Comment)}",
                new Dictionary<string, string> { ["workflow"] = "survey", ["event"] = "lowRating", ["rating"] = rating }, isInternal: true, Actor.System, now);
            if (reopenable && t.Status == TicketStatus.Resolved)
            {
                t.Reopen("Öppnat igen på din begäran efter ditt betyg i nöjdhetsenkäten. / Reopened at your request after your satisfaction rating.",
                    new Actor(ticket.Requester.Id, ticket.Requester.Name), now);
            }
        }, ct);
        if (ticket.AssignmentGroup is { } groupId && await groups.FindGroupAsync(groupId, ct) is { Email: { } mailbox } group)
        {
            var o = mailOptions.Value;
            var sv = group.Language == Language.Sv;
            var subject = sv
                ? $"Lågt betyg {rating}/5 på {ticket.Number}: {ticket.Title}"
                : $"Low rating {rating}/5 on {ticket.Number}: {ticket.Title}";
            var body = (sv
                ? $"{ticket.Requester.Name} gav ärendet {ticket.Number} betyget {rating} av 5.{(reopenable ? " Ärendet har öppnats igen på beställarens begäran." : "")}"
                : $"{ticket.Requester.Name} rated ticket {ticket.Number} {rating} out of 5.{(reopenable ? " The ticket was reopened at the requester's request." : "")}")
                + (answer.Comment is null ? "" : $"\n\n{(sv ? "Kommentar" : "Comment")}: {answer.Comment}") + "\n";
            var messageId = $"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant()}.{ticket.Number.ToLowerInvariant()}@{o.MessageIdDomain}";
            await outbox.AddAsync(new OutgoingMail(ticket.Number, $"survey-low-{answer.AnsweredAt.UtcTicks}", "survey-low-rating",
                mailbox, group.Name, subject, body, messageId, null, "auto-generated"), ct);
        }
    }

    private static NotFoundException NoSurvey(string number) =>
        new($"Ticket {number} has no satisfaction survey (it has not been resolved).", ProblemCodes.SurveyNotFound);
}
