namespace ServiceDesk.Application.Mail;

/// <summary>What the email channel did with a message: <c>created</c>, <c>appended</c>, <c>ignored</c> or <c>rejected</c>.</summary>
public sealed record MailIngestResult(string Action, string? TicketNumber, string Reason)
{
    public const string Created = "created";
    public const string Appended = "appended";
    public const string Ignored = "ignored";
    public const string Rejected = "rejected";
}
