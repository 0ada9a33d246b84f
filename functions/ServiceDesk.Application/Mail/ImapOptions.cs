namespace ServiceDesk.Application.Mail;

/// <summary>
/// The support mailbox read by the IMAP poller (locally smtp4dev's IMAP port). Empty <see cref="Host"/> turns the
/// poller off (use <c>POST /api/inbound/email</c> from a mail gateway instead). Exchange Online: see functions/ServiceDesk.Application/Mail/README.md
/// (OAuth2 client credentials, not implemented yet; basic authentication is retired there).
/// </summary>
public sealed class ImapOptions
{
    public const string SectionName = "ServiceDesk:Mail:Imap";

    public string Host { get; set; } = "";
    public int Port { get; set; } = 993;

    /// <summary><c>None</c>, <c>Auto</c>, <c>StartTls</c> or <c>SslOnConnect</c>.</summary>
    public string Security { get; set; } = "Auto";
    public string UserName { get; set; } = "";
    public string Password { get; set; } = "";
    public string Folder { get; set; } = "INBOX";

    /// <summary>Messages ingested per poll at most; the rest wait for the next poll.</summary>
    public int MaxPerRun { get; set; } = 100;

    /// <summary>
    /// A message that fails this many polls in a row is recorded as rejected (<c>failed-after-attempts</c>, with its raw
    /// blob, for an operator to redrive) and the poller moves past it; before that it stays where it is for the next poll.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;
}
