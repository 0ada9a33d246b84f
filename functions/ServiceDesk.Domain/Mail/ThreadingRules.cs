using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.Domain.Mail;

/// <summary>A ticket an inbound mail may belong to, and whether its sender takes part in it.</summary>
/// <param name="SenderIsParticipant">The sender is the requester or a watcher (approvers and third parties later).</param>
public sealed record ThreadCandidate(string Number, TicketStatus Status, DateTimeOffset? ResolvedAt, bool SenderIsParticipant);

public enum ThreadAction
{
    /// <summary>Open a new ticket.</summary>
    New,
    /// <summary>Add the mail to the ticket (reopening it first when <see cref="ThreadDecision.Reopen"/>).</summary>
    Append,
    /// <summary>The ticket is finished for good: open a new ticket linked to it.</summary>
    NewLinked,
}

/// <param name="Via">How the ticket was found: <c>in-reply-to</c>, <c>references</c>, <c>subject-token</c>, or why not.</param>
public sealed record ThreadDecision(ThreadAction Action, string? Number, bool Reopen, string Via);

/// <summary>
/// Threading steps 2 to 4 of the email channel (step 1, duplicates, happens before): a reply to one of our own
/// Message-IDs (In-Reply-To, then References newest first) belongs to that ticket; else a subject token belongs to
/// its ticket only when the sender takes part in it (strangers cannot inject into tickets); else a new ticket.
/// A resolved ticket reopens within the reopen window after its resolution; after that, and for closed or cancelled
/// tickets (final states), the mail opens a new ticket linked to the old one.
/// </summary>
public static class ThreadingRules
{
    public static ThreadDecision Decide(
        ThreadCandidate? replyTarget, string? replyVia, ThreadCandidate? tokenTarget,
        DateTimeOffset now, TimeSpan reopenWindow)
    {
        ThreadCandidate target;
        string via;
        if (replyTarget is not null)
        {
            (target, via) = (replyTarget, replyVia ?? "in-reply-to");
        }
        else if (tokenTarget is { SenderIsParticipant: true })
        {
            (target, via) = (tokenTarget, "subject-token");
        }
        else
        {
            return new ThreadDecision(ThreadAction.New, null, false, tokenTarget is null ? "no-match" : "token-from-non-participant");
        }

        return target.Status switch
        {
            TicketStatus.Resolved when target.ResolvedAt is { } resolvedAt && now - resolvedAt <= reopenWindow =>
                new ThreadDecision(ThreadAction.Append, target.Number, true, via),
            TicketStatus.Resolved or TicketStatus.Closed or TicketStatus.Cancelled =>
                new ThreadDecision(ThreadAction.NewLinked, target.Number, false, via),
            _ => new ThreadDecision(ThreadAction.Append, target.Number, false, via),
        };
    }

    /// <summary>Whether <paramref name="sender"/> (an address) is the ticket's requester or one of its watchers.</summary>
    public static bool IsParticipant(TicketState ticket, string sender) =>
        string.Equals(ticket.Requester.Email, sender, StringComparison.OrdinalIgnoreCase)
        || string.Equals(ticket.Requester.Id, sender, StringComparison.OrdinalIgnoreCase)
        || ticket.Watchers.Any(w => string.Equals(w, sender, StringComparison.OrdinalIgnoreCase));
}
