namespace ServiceDesk.Application.Mail;

/// <summary>What the email channel did with a message: <c>created</c>, <c>appended</c>, <c>ignored</c> or <c>rejected</c>.</summary>
/// <remarks><see cref="MessageId"/> names the inbound record (and its raw blob) the outcome is recorded under.</remarks>
public sealed record MailIngestResult(string Action, string? TicketNumber, string Reason)
{
    public string? MessageId { get; init; }

    public const string Created = "created";
    public const string Appended = "appended";
    public const string Ignored = "ignored";
    public const string Rejected = "rejected";
}
