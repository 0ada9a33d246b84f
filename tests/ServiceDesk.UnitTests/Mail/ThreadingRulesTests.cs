using ServiceDesk.Domain.Mail;
using ServiceDesk.Domain.Tickets;

namespace ServiceDesk.UnitTests.Mail;

public sealed class ThreadingRulesTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 20, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromDays(14);

    private static ThreadCandidate Ticket(string number = "INC-000001", TicketStatus status = TicketStatus.InProgress,
        DateTimeOffset? resolvedAt = null, bool participant = true) => new(number, status, resolvedAt, participant);

    [Fact]
    public void A_reply_to_our_message_id_appends_to_its_ticket() =>
        Assert.Equal(new ThreadDecision(ThreadAction.Append, "INC-000001", false, "in-reply-to"),
            ThreadingRules.Decide(Ticket(), "in-reply-to", null, Now, Window));

    [Fact]
    public void A_reply_match_wins_over_a_subject_token() =>
        Assert.Equal("INC-000001", ThreadingRules.Decide(Ticket(), "references", Ticket("INC-000009"), Now, Window).Number);

    [Fact]
    public void A_reply_match_counts_even_from_a_non_participant() =>
        Assert.Equal(ThreadAction.Append, ThreadingRules.Decide(Ticket(participant: false), "in-reply-to", null, Now, Window).Action);

    [Fact]
    public void A_subject_token_from_a_participant_appends() =>
        Assert.Equal(new ThreadDecision(ThreadAction.Append, "INC-000002", false, "subject-token"),
            ThreadingRules.Decide(null, null, Ticket("INC-000002"), Now, Window));

    [Fact]
    public void A_subject_token_from_anyone_else_opens_a_new_ticket() =>
        Assert.Equal(new ThreadDecision(ThreadAction.New, null, false, "token-from-non-participant"),
            ThreadingRules.Decide(null, null, Ticket(participant: false), Now, Window));

    [Fact]
    public void No_match_opens_a_new_ticket() =>
        Assert.Equal(ThreadAction.New, ThreadingRules.Decide(null, null, null, Now, Window).Action);

    [Fact]
    public void A_reply_to_a_ticket_resolved_within_the_window_reopens_it() =>
        Assert.Equal(new ThreadDecision(ThreadAction.Append, "INC-000001", true, "in-reply-to"),
            ThreadingRules.Decide(Ticket(status: TicketStatus.Resolved, resolvedAt: Now.AddDays(-13)), "in-reply-to", null, Now, Window));

    [Fact]
    public void A_reply_to_a_ticket_resolved_before_the_window_opens_a_linked_ticket() =>
        Assert.Equal(new ThreadDecision(ThreadAction.NewLinked, "INC-000001", false, "in-reply-to"),
            ThreadingRules.Decide(Ticket(status: TicketStatus.Resolved, resolvedAt: Now.AddDays(-15)), "in-reply-to", null, Now, Window));

    [Theory]
    [InlineData(TicketStatus.Closed)]
    [InlineData(TicketStatus.Cancelled)]
    public void A_reply_to_a_final_ticket_opens_a_linked_ticket(TicketStatus status) =>
        Assert.Equal(ThreadAction.NewLinked, ThreadingRules.Decide(Ticket(status: status, resolvedAt: Now.AddDays(-1)), "in-reply-to", null, Now, Window).Action);

    [Theory]
    [InlineData("Re: [INC-000123] Printer", "INC-000123")]
    [InlineData("SV: [ inc-000042 ] Skrivare", "INC-000042")]
    [InlineData("[INC-12] short", null)]
    [InlineData("[XYZ-000001] other system", null)]
    [InlineData("No token", null)]
    public void Subject_tokens_are_found_only_when_well_formed(string subject, string? expected) =>
        Assert.Equal(expected, TicketToken.Find(subject));
}
